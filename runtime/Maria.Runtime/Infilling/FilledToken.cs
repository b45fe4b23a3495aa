namespace Maria.Runtime;

/// <summary>One masked token as it was filled.</summary>
/// <param name="MaskIndex">Which mask of the text, counting from 0 in reading order.</param>
/// <param name="Position">Index of the token in the text's token sequence (no [CLS]/[BOS]).</param>
/// <param name="TokenId">The chosen token id (in the shared vocabulary).</param>
/// <param name="Text">The token's text on its own (its leading space included).</param>
/// <param name="Probability">The MARIA head's probability of the chosen token, at temperature 1.</param>
public sealed record FilledToken(int MaskIndex, int Position, int TokenId, string Text, float Probability)
{
    /// <summary>The most probable tokens at this mask, most probable first, when <see cref="InfillOptions.Alternatives"/> asked for them; empty otherwise.</summary>
    public IReadOnlyList<TokenAlternative> Alternatives { get; init; } = [];
}
