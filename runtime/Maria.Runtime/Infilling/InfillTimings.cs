namespace Maria.Runtime;

/// <summary>Where the time of one infilling call went.</summary>
/// <param name="Tokenize">Encoding the text.</param>
/// <param name="Encoder">The one masked LM pass.</param>
/// <param name="Prefill">Decoder calls that read more than one token.</param>
/// <param name="Steps">Decoder calls that read exactly one token.</param>
/// <param name="Sampling">Choosing tokens from logits.</param>
/// <param name="Total">The whole call, including what the other fields do not cover.</param>
/// <param name="DecoderCalls">Number of decoder runs.</param>
public sealed record InfillTimings(TimeSpan Tokenize, TimeSpan Encoder, TimeSpan Prefill, TimeSpan Steps, TimeSpan Sampling, TimeSpan Total, int DecoderCalls)
{
    /// <summary>Time not spent in the measured phases (bookkeeping, decoding text, copies).</summary>
    public TimeSpan Overhead => Total - Tokenize - Encoder - Prefill - Steps - Sampling;
}
