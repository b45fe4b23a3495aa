namespace Maria.Runtime.Tokenization;

/// <summary>A token id and its span [Start, Start + Length) in the original text.</summary>
internal readonly record struct TokenSpan(int Id, int Start, int Length);
