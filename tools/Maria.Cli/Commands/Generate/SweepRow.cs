namespace Maria.Cli.Commands.Generate;

/// <summary>
/// One setting of the Figure 5 sweep, aggregated over its samples. "Mean" perplexities average the per-sample
/// perplexities; "pooled" ones are exp of the mean negative log-likelihood over every generated token of every sample.
/// </summary>
internal sealed record SweepRow(
    string Method, int? Iterations, int Samples, double SecondsPerSample,
    double? ScorerPerplexityMean, double? ScorerPerplexityPooled, double ArPerplexityMean, double ArPerplexityPooled)
{
    /// <summary>Aggregates the samples of one (method, iterations) setting.</summary>
    public static SweepRow From(IReadOnlyList<SampleRecord> samples)
    {
        var first = samples[0];
        int tokens = samples.Sum(s => s.GeneratedTokens);
        bool scored = samples.All(s => s.ScorerLogLikelihood is not null);
        return new SweepRow(
            first.Method, first.Iterations, samples.Count, samples.Average(s => s.Seconds),
            scored ? samples.Average(s => s.ScorerPerplexity!.Value) : null,
            scored ? PooledPerplexity(samples.Sum(s => s.ScorerLogLikelihood!.Value), tokens) : null,
            samples.Average(s => s.ArPerplexity),
            PooledPerplexity(samples.Sum(s => s.ArLogLikelihood), tokens));
    }

    private static double PooledPerplexity(double logLikelihood, int tokens) => Math.Exp(-logLikelihood / tokens);

    /// <summary>The point label of the plot: "ar-greedy", "K=0 (ar-t1)", "K=4".</summary>
    public string Label => Method switch
    {
        SweepMethods.Greedy => SweepMethods.Greedy,
        SweepMethods.Sampled => $"K=0 ({SweepMethods.Sampled})",
        _ => $"K={Iterations}",
    };
}
