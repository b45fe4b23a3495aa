namespace Maria.Runtime;

/// <summary>What a blank of unknown length stands for (docs/BLANKS.md).</summary>
public enum BlankKind
{
    /// <summary><c>[WORD]</c>: exactly one whole word of letters or digits (one or more tokens, ending at a word boundary).</summary>
    Word,

    /// <summary><c>[BLANK]</c>: any span of 1 to <see cref="BlankOptions.MaxTokens"/> tokens (a phrase).</summary>
    Phrase,
}
