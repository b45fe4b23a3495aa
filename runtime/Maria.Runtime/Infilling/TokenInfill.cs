namespace Maria.Runtime.Infilling;

/// <summary>What the token-level core of <see cref="InfillEngine"/> did: the chosen tokens and where the time went.</summary>
/// <param name="Tokens">The filled tokens in reading order.</param>
/// <param name="Encoder">The MLM pass.</param>
/// <param name="Prefill">Decoder calls that read more than one token.</param>
/// <param name="Steps">Decoder calls that read exactly one token.</param>
/// <param name="Sampling">Choosing tokens from logits.</param>
/// <param name="DecoderCalls">Number of decoder runs.</param>
internal sealed record TokenInfill(IReadOnlyList<FilledToken> Tokens, TimeSpan Encoder, TimeSpan Prefill, TimeSpan Steps, TimeSpan Sampling, int DecoderCalls);
