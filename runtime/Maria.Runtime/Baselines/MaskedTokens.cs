using Maria.Runtime.Baselines;

namespace Maria.Runtime;

/// <summary>One text for the batched methods of <see cref="MariaBaselines"/>: shared-vocabulary tokens (no [CLS]/[BOS]) and increasing positions into them.</summary>
/// <param name="Tokens">The text tokens (true tokens everywhere for the scoring methods).</param>
/// <param name="Masks">Increasing masked (or scored) positions.</param>
public sealed record MaskedTokens(IReadOnlyList<int> Tokens, IReadOnlyList<int> Masks);
