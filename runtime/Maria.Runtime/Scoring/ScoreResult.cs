namespace Maria.Runtime;

/// <summary>The exact log-likelihood of the masked tokens given the unmasked ones, log p(x_M | x_U).</summary>
/// <param name="LogProbabilities">log p of each masked token, in reading order (natural log).</param>
public sealed record ScoreResult(IReadOnlyList<double> LogProbabilities)
{
    /// <summary>Σ log p over the masked tokens.</summary>
    public double LogLikelihood => LogProbabilities.Sum();

    /// <summary>exp(−mean log p): the masked perplexity of this text.</summary>
    public double Perplexity => LogProbabilities.Count == 0 ? 1.0 : Math.Exp(-LogLikelihood / LogProbabilities.Count);
}
