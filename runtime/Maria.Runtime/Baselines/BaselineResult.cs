namespace Maria.Runtime.Baselines;

/// <summary>The outcome of one baseline decode on token arrays: the chosen tokens and what the call cost.</summary>
/// <param name="TokenIds">The chosen shared-vocabulary ids, one per mask (or per generated token), in order.</param>
/// <param name="Probabilities">Each chosen token's probability under the method's own distribution at temperature 1.</param>
/// <param name="Elapsed">Wall time of the whole call (every model pass and every choice included).</param>
/// <param name="EncoderTime">Time inside masked-LM encoder runs.</param>
/// <param name="DecoderTime">Time inside causal decoder runs.</param>
/// <param name="EncoderCalls">Number of encoder runs.</param>
/// <param name="DecoderCalls">Number of decoder runs.</param>
/// <param name="PrefillTime">
/// Plain generation only: wall time from the start of the call to the first token's choice (the prompt's one decoder
/// call, the "pp" of llama-bench); zero for the other methods.
/// </param>
internal sealed record BaselineResult(
    IReadOnlyList<int> TokenIds, IReadOnlyList<float> Probabilities, TimeSpan Elapsed, TimeSpan EncoderTime, TimeSpan DecoderTime,
    int EncoderCalls, int DecoderCalls, TimeSpan PrefillTime = default)
{
    /// <summary>Tokens chosen per second of <see cref="Elapsed"/>; 0 when nothing was chosen.</summary>
    public double TokensPerSecond => TokenIds.Count == 0 || Elapsed <= TimeSpan.Zero ? 0 : TokenIds.Count / Elapsed.TotalSeconds;

    /// <summary>
    /// Plain generation: tokens after the first per second of the time after <see cref="PrefillTime"/>, i.e. the rate of
    /// the single-token decoding steps alone (llama-bench's "tg"), which is what a read-bandwidth roofline bounds;
    /// 0 when fewer than two tokens were generated or no prefill was timed.
    /// </summary>
    public double DecodeStepsPerSecond
    {
        get
        {
            var steps = Elapsed - PrefillTime;
            return TokenIds.Count < 2 || PrefillTime <= TimeSpan.Zero || steps <= TimeSpan.Zero ? 0 : (TokenIds.Count - 1) / steps.TotalSeconds;
        }
    }
}
