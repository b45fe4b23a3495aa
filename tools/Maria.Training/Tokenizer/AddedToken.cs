namespace Maria.Training.Tokenizer;

/// <summary>One entry of a tokenizer.json <c>added_tokens</c> list: matched in raw text before BPE runs.</summary>
/// <param name="Id">The token id.</param>
/// <param name="Content">The literal text, e.g. "[MASK]".</param>
/// <param name="LeftStrip">Whether the token absorbs the whitespace before it (ModernBERT's [MASK]).</param>
internal sealed record AddedToken(int Id, string Content, bool LeftStrip = false);
