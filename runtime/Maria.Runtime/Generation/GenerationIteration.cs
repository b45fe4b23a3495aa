namespace Maria.Runtime;

/// <summary>The text after one iteration of annealed generation (iteration 0 is the AR draft).</summary>
/// <param name="Index">Iteration number: 0 for the AR draft, 1..K for the refinements.</param>
/// <param name="Temperature">Sampling temperature of this iteration (1 for the draft; 0 means greedy).</param>
/// <param name="Text">The whole text, prefix included, decoded from <paramref name="TokenIds"/>.</param>
/// <param name="TokenIds">Shared-vocabulary ids of the whole sequence: the prefix tokens, then the generated ones.</param>
/// <param name="PrefixLength">How many of <paramref name="TokenIds"/> are the fixed prefix.</param>
/// <param name="RemaskedPositions">Indices into <paramref name="TokenIds"/> re-masked and refilled by this iteration (none for the draft).</param>
/// <param name="ArLogLikelihood">
/// Sum over the generated tokens (prefix excluded) of log p_AR(x_i | [BOS] x_1 .. x_{i-1}) under the package's causal model.
/// </param>
/// <param name="Elapsed">
/// Generation time from the start of the call to the end of this iteration, not counting the time spent computing
/// the log-likelihoods (so it is what the text itself cost).
/// </param>
public sealed record GenerationIteration(
    int Index, double Temperature, string Text, IReadOnlyList<int> TokenIds, int PrefixLength, IReadOnlyList<int> RemaskedPositions,
    double ArLogLikelihood, TimeSpan Elapsed)
{
    /// <summary>The generated tokens only (the prefix left out).</summary>
    public IReadOnlyList<int> GeneratedTokenIds => TokenIds.Skip(PrefixLength).ToArray();

    /// <summary>exp(-mean log p_AR) over the generated tokens: the causal model's perplexity of its own output.</summary>
    public double ArPerplexity => Math.Exp(-ArLogLikelihood / (TokenIds.Count - PrefixLength));
}
