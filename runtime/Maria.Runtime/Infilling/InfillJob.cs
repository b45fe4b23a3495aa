using Maria.Runtime.Sampling;

namespace Maria.Runtime.Infilling;

/// <summary>
/// One text for <see cref="BatchInfillEngine"/>: its tokens x_1..x_n (shared ids; filled in place at the masks), its
/// increasing mask positions, its own sampler settings (each job draws from its own seeded generator, so its choices
/// do not depend on which other jobs share its batch), an optional per-token callback, optional per-mask token
/// constraints (<see cref="Allowed"/>[k] for mask k; null, or a null entry, allows every token) and how many
/// alternatives each filled token lists.
/// </summary>
internal sealed record InfillJob(int[] Tokens, int[] Masks, SamplingOptions Sampling, Action<FilledToken>? OnToken = null,
    IReadOnlyList<AllowedTokens?>? Allowed = null, int Alternatives = 0);

/// <summary>The end of one job: its fills, or the error that stopped it (the other jobs go on).</summary>
/// <param name="Index">The job's position in the input sequence.</param>
/// <param name="Result">The fills and timings, when it succeeded.</param>
/// <param name="Error">Why it failed (e.g. the model produced non-finite logits), when it did.</param>
internal sealed record InfillOutcome(int Index, TokenInfill? Result, MariaInputException? Error);
