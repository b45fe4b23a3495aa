namespace Maria.Cli.Commands.Eval;

/// <summary>
/// The running totals of one method at one masking rate: negative log-likelihood (nats), masked tokens, and the
/// UTF-8 bytes those masked tokens stand for.
/// </summary>
internal sealed class EvalTally
{
    /// <summary>Σ −log p over the masked tokens, in nats.</summary>
    public double NegativeLogLikelihood { get; private set; }

    /// <summary>Masked tokens scored.</summary>
    public long Tokens { get; private set; }

    /// <summary>UTF-8 bytes of the masked tokens' text (each token's own bytes, summed).</summary>
    public long Bytes { get; private set; }

    /// <summary>exp(NLL / masked tokens).</summary>
    public double Perplexity => Tokens == 0 ? double.NaN : Math.Exp(NegativeLogLikelihood / Tokens);

    /// <summary>NLL / ln 2 / bytes: bits per UTF-8 byte of masked text.</summary>
    public double BitsPerByte => Bytes == 0 ? double.NaN : NegativeLogLikelihood / Math.Log(2) / Bytes;

    public void Add(IReadOnlyList<double> logProbabilities, long bytes)
    {
        foreach (double value in logProbabilities)
        {
            NegativeLogLikelihood -= value;
        }
        Tokens += logProbabilities.Count;
        Bytes += bytes;
    }
}
