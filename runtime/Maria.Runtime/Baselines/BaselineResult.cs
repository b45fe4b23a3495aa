namespace Maria.Runtime.Baselines;

/// <summary>The outcome of one baseline decode on token arrays: the chosen tokens and what the call cost.</summary>
/// <param name="TokenIds">The chosen shared-vocabulary ids, one per mask (or per generated token), in order.</param>
/// <param name="Probabilities">Each chosen token's probability under the method's own distribution at temperature 1.</param>
/// <param name="Elapsed">Wall time of the whole call (every model pass and every choice included).</param>
/// <param name="EncoderTime">Time inside masked-LM encoder runs.</param>
/// <param name="DecoderTime">Time inside causal decoder runs.</param>
/// <param name="EncoderCalls">Number of encoder runs.</param>
/// <param name="DecoderCalls">Number of decoder runs.</param>
internal sealed record BaselineResult(
    IReadOnlyList<int> TokenIds, IReadOnlyList<float> Probabilities, TimeSpan Elapsed, TimeSpan EncoderTime, TimeSpan DecoderTime,
    int EncoderCalls, int DecoderCalls)
{
    /// <summary>Tokens chosen per second of <see cref="Elapsed"/>; 0 when nothing was chosen.</summary>
    public double TokensPerSecond => TokenIds.Count == 0 || Elapsed <= TimeSpan.Zero ? 0 : TokenIds.Count / Elapsed.TotalSeconds;
}
