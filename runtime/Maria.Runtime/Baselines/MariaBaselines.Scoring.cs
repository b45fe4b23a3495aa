using Maria.Runtime.Masking;
using Maria.Runtime.Scoring;

namespace Maria.Runtime.Baselines;

/// <summary>
/// Exact teacher-forced scoring of the three baselines of maria-method.md §6 (MARIA itself: <see cref="MariaModel.ScoreTokens(IReadOnlyList{int}, IReadOnlyList{int}, CancellationToken)"/>) on the same token arrays: natural-log
/// probabilities of the TRUE tokens, normalised over the shared vocabulary V_s, one value per position in order.
/// </summary>
internal sealed partial class MariaBaselines
{
    /// <summary>
    /// The causal model alone: log p_AR(x_i | [BOS] x_1 .. x_{i-1}) for each i in <paramref name="positions"/>, from
    /// its <c>ar_logits</c> in one teacher-forced decoder call (it ignores everything after i).
    /// </summary>
    /// <param name="tokens">The true text tokens (shared-vocabulary ids, no [BOS]).</param>
    /// <param name="positions">Increasing positions into <paramref name="tokens"/> to score.</param>
    /// <param name="cancellation">Cancels the call, also inside the decoder run.</param>
    /// <exception cref="MariaInputException">A token is outside the shared vocabulary, the positions are not increasing, or the text is longer than <see cref="MaxTokens"/>.</exception>
    public double[] AutoregressiveLogProbabilities(IReadOnlyList<int> tokens, IReadOnlyList<int> positions, CancellationToken cancellation = default)
    {
        var (tokenArray, positionArray) = ValidateTrueTokens(tokens, positions);
        return teacherForced.Autoregressive([new ScoringText(tokenArray, positionArray)], cancellation)[0];
    }

    /// <summary>
    /// MARIA with the untrained product-of-experts head, whatever head the package holds:
    /// log softmax((ar_logits + mlm_logits) / 2)[x_i] at each mask, with the MLM reading the text with every mask as
    /// [MASK] (one encoder pass) and the AR stream teacher-forced on the true tokens (one decoder call).
    /// </summary>
    /// <param name="tokens">The true text tokens (shared-vocabulary ids, no [CLS]/[BOS]), including at the masks.</param>
    /// <param name="masks">Increasing masked positions into <paramref name="tokens"/>.</param>
    /// <param name="cancellation">Cancels the call, also inside a model run.</param>
    /// <exception cref="MariaInputException">As for <see cref="AutoregressiveLogProbabilities(IReadOnlyList{int}, IReadOnlyList{int}, CancellationToken)"/>.</exception>
    public double[] ProductLogProbabilities(IReadOnlyList<int> tokens, IReadOnlyList<int> masks, CancellationToken cancellation = default)
    {
        var (tokenArray, maskArray) = ValidateTrueTokens(tokens, masks);
        return teacherForced.Product([new ScoringText(tokenArray, maskArray)], cancellation)[0];
    }

    /// <summary>
    /// The masked LM decoded left to right (the paper's ModernBERT baseline), scored: for each mask in order, one
    /// encoder pass with earlier masks holding their true tokens and later masks still [MASK];
    /// log softmax(mlm_logits at i)[x_i]. Costs one encoder pass per mask.
    /// </summary>
    /// <param name="tokens">The true text tokens (shared-vocabulary ids, no [CLS]), including at the masks.</param>
    /// <param name="masks">Increasing masked positions into <paramref name="tokens"/>.</param>
    /// <param name="cancellation">Cancels between passes and inside a pass.</param>
    /// <exception cref="MariaInputException">As for <see cref="AutoregressiveLogProbabilities(IReadOnlyList{int}, IReadOnlyList{int}, CancellationToken)"/>.</exception>
    public double[] MaskedLanguageModelLogProbabilities(IReadOnlyList<int> tokens, IReadOnlyList<int> masks, CancellationToken cancellation = default)
    {
        var (tokenArray, maskArray) = ValidateTrueTokens(tokens, masks);
        return teacherForced.MaskedLanguageModelLeftToRight(tokenArray, maskArray, cancellation);
    }

    /// <summary>
    /// <see cref="AutoregressiveLogProbabilities(IReadOnlyList{int}, IReadOnlyList{int}, CancellationToken)"/> for many texts in
    /// one decoder call (one cache slot each; pass groups of the batch size you want in flight).
    /// </summary>
    /// <exception cref="MariaInputException">As for the one-text overload, naming the first bad text.</exception>
    public double[][] AutoregressiveLogProbabilities(IReadOnlyList<MaskedTokens> texts, CancellationToken cancellation = default) =>
        teacherForced.Autoregressive(ValidateAll(texts), cancellation);

    /// <summary><see cref="ProductLogProbabilities(IReadOnlyList{int}, IReadOnlyList{int}, CancellationToken)"/> for many texts in one encoder and one decoder call.</summary>
    /// <exception cref="MariaInputException">As for the one-text overload, naming the first bad text.</exception>
    public double[][] ProductLogProbabilities(IReadOnlyList<MaskedTokens> texts, CancellationToken cancellation = default) =>
        teacherForced.Product(ValidateAll(texts), cancellation);

    private ScoringText[] ValidateAll(IReadOnlyList<MaskedTokens> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts.Select(t => ValidateTrueTokens(t.Tokens, t.Masks)).Select(v => new ScoringText(v.Tokens, v.Positions)).ToArray();
    }

    /// <summary>As the decoding methods' validation, but the masked positions must hold true text tokens too.</summary>
    internal (int[] Tokens, int[] Positions) ValidateTrueTokens(IReadOnlyList<int> tokens, IReadOnlyList<int> positions) =>
        TokenInput.ForScoring(manifest, tokens, positions);
}
