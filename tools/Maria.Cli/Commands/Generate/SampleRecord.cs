namespace Maria.Cli.Commands.Generate;

/// <summary>One generated sample and its scores, as the sweep and the JSON output report it.</summary>
/// <param name="Method">ar-greedy, ar-t1 (annealing with 0 iterations) or anneal.</param>
/// <param name="Iterations">Refinement iterations K; null for ar-greedy.</param>
/// <param name="Seed">The sample's seed (the run's --seed plus the sample index).</param>
/// <param name="Text">The whole text, prefix included.</param>
/// <param name="Seconds">Generation wall time (model loading and scoring excluded).</param>
/// <param name="GeneratedTokens">Tokens generated after the prefix: the count every perplexity averages over.</param>
/// <param name="ArLogLikelihood">Sum of log p of the generated tokens under the package's own causal model.</param>
/// <param name="ScorerLogLikelihood">The same under the scorer's causal model; null without --scorer.</param>
internal sealed record SampleRecord(
    string Method, int? Iterations, ulong Seed, string Text, double Seconds, int GeneratedTokens, double ArLogLikelihood, double? ScorerLogLikelihood)
{
    /// <summary>exp(-mean log p) under the package's own causal model.</summary>
    public double ArPerplexity => Math.Exp(-ArLogLikelihood / GeneratedTokens);

    /// <summary>exp(-mean log p) under the scorer; null without a scorer.</summary>
    public double? ScorerPerplexity => ScorerLogLikelihood is double value ? Math.Exp(-value / GeneratedTokens) : null;
}
