namespace Maria.Runtime;

/// <summary>
/// One token of an encoding and the part of the ORIGINAL text (before normalisation) it stands for, in UTF-16
/// chars. The spans of consecutive tokens tile the text: a character belongs to the token that holds its last
/// UTF-8 byte, so a token that ends inside a multi-byte character has an empty span at that character and the
/// token that completes it covers the whole character (both halves of a surrogate pair included). Special tokens
/// added by the post-processor have empty spans at the start (before the text) or the end (after it).
/// Unlike Hugging Face's <c>trim_offsets</c>, the leading space of a token such as "ĠHello" is part of its span.
/// </summary>
/// <param name="Id">The token id.</param>
/// <param name="Token">The vocabulary string (byte-level form for BPE tokens, e.g. "ĠHello"; the content for added tokens).</param>
/// <param name="Start">Index of the first char of the span in the original text.</param>
/// <param name="Length">Number of chars of the span (0 for tokens that stand for no complete character).</param>
public sealed record EncodedToken(int Id, string Token, int Start, int Length);
