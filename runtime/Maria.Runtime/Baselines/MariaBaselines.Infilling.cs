using Maria.Runtime.Sampling;

namespace Maria.Runtime.Baselines;

/// <summary>The infilling baselines of the paper's Figure 4 comparison beside MARIA and the MLM decoded left to right.</summary>
internal sealed partial class MariaBaselines
{
    /// <summary>
    /// Infilling with the untrained product-of-experts head, whatever head the package holds: KV-cached left to right
    /// as MARIA, each mask chosen from softmax((ar_logits + mlm_logits) / 2), the MLM's logits from one pass over the
    /// masked text. The values of <paramref name="tokens"/> at the masks are ignored.
    /// </summary>
    /// <exception cref="MariaInputException">As for <see cref="Maria(IReadOnlyList{int}, IReadOnlyList{int}, SamplingOptions?, CancellationToken)"/>.</exception>
    public BaselineResult ProductOfExperts(IReadOnlyList<int> tokens, IReadOnlyList<int> masks, SamplingOptions? sampling = null, CancellationToken cancellation = default)
    {
        var (tokenArray, maskArray) = Validate(tokens, masks);
        return cachedCausal.Fill(tokenArray, maskArray, withMlm: true, sampling ?? SamplingOptions.Greedy, cancellation);
    }

    /// <summary>
    /// Infilling with the causal model alone: KV-cached left to right, each mask chosen from its own logits after the
    /// text and earlier fills to its left (it never sees the right context).
    /// </summary>
    /// <exception cref="MariaInputException">As for <see cref="Maria(IReadOnlyList{int}, IReadOnlyList{int}, SamplingOptions?, CancellationToken)"/>.</exception>
    public BaselineResult AutoregressiveInfill(IReadOnlyList<int> tokens, IReadOnlyList<int> masks, SamplingOptions? sampling = null, CancellationToken cancellation = default)
    {
        var (tokenArray, maskArray) = Validate(tokens, masks);
        return cachedCausal.Fill(tokenArray, maskArray, withMlm: false, sampling ?? SamplingOptions.Greedy, cancellation);
    }
}
