namespace Maria.Runtime.Tokenization;

/// <summary>
/// An entry of <c>added_tokens</c> in tokenizer.json: a string matched in the text before the BPE model runs.
/// </summary>
/// <param name="Id">The token id.</param>
/// <param name="Content">The exact text the token stands for (e.g. "[MASK]", or a run of spaces).</param>
/// <param name="Special">Whether the token is special (dropped by decoding with skipSpecialTokens).</param>
/// <param name="LStrip">Whether the whitespace before a match is absorbed into the token.</param>
/// <param name="RStrip">Whether the whitespace after a match is absorbed into the token.</param>
/// <param name="Normalized">Whether the token is matched in the normalised text (true) or the raw text (false).</param>
/// <param name="SingleWord">Whether a match counts only when it is not inside a word.</param>
internal sealed record AddedToken(int Id, string Content, bool Special, bool LStrip, bool RStrip, bool Normalized, bool SingleWord);
