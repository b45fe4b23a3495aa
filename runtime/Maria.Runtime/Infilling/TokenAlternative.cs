namespace Maria.Runtime;

/// <summary>One of the most probable tokens at a filled mask (see <see cref="InfillOptions.Alternatives"/>).</summary>
/// <param name="TokenId">The token id (in the shared vocabulary).</param>
/// <param name="Text">The token's text on its own (its leading space included).</param>
/// <param name="Probability">The MARIA head's probability of the token at that mask, at temperature 1.</param>
public sealed record TokenAlternative(int TokenId, string Text, float Probability);
