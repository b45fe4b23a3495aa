namespace Maria.Runtime;

/// <summary>
/// The outcome of annealed generation: every completed iteration in order, the last one being the answer. When the
/// call was cancelled after the draft, <see cref="Cancelled"/> is true and the answer is the last complete iteration.
/// </summary>
/// <param name="Iterations">The completed iterations, 0 first; never empty.</param>
/// <param name="Cancelled">True when cancellation stopped the run before all requested iterations completed.</param>
public sealed record GenerationResult(IReadOnlyList<GenerationIteration> Iterations, bool Cancelled)
{
    /// <summary>The last completed iteration.</summary>
    public GenerationIteration Final => Iterations[^1];

    /// <summary>The generated text, prefix included.</summary>
    public string Text => Final.Text;

    /// <summary>The whole sequence's shared-vocabulary ids, prefix first.</summary>
    public IReadOnlyList<int> TokenIds => Final.TokenIds;

    /// <summary>The causal model's log-likelihood of the generated tokens of the final text.</summary>
    public double ArLogLikelihood => Final.ArLogLikelihood;

    /// <summary>Generation time of the final text (log-likelihood computation excluded).</summary>
    public TimeSpan Elapsed => Final.Elapsed;
}
