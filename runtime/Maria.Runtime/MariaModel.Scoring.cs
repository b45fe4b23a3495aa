using Maria.Runtime.Baselines;
using Maria.Runtime.Infilling;
using Maria.Runtime.Masking;
using Maria.Runtime.Scoring;

namespace Maria.Runtime;

/// <summary>
/// Exact scoring of filled texts and token arrays: log p(x_M | x_U) from one masked-LM pass and one teacher-forced
/// decoder call. Every entry point validates through <see cref="TokenInput"/>, so a bad input gets the same
/// <see cref="MariaInputException"/> and message whichever it came through.
/// </summary>
public sealed partial class MariaModel
{
    /// <summary>
    /// The exact log p(x_M | x_U) of filling the masks of <paramref name="maskedText"/> with <paramref name="fillTokenIds"/>
    /// (one id per mask, in reading order), e.g. the <see cref="FilledToken.TokenId"/>s of an infill.
    /// </summary>
    /// <param name="maskedText">A text with one <c>[MASK]</c> per scored token.</param>
    /// <param name="fillTokenIds">The shared-vocabulary id scored at each mask, in reading order.</param>
    /// <param name="cancellation">Cancels the call, also inside a model run.</param>
    /// <returns>One natural-log probability per mask, in reading order.</returns>
    /// <exception cref="MariaInputException">
    /// The text is longer than the context or holds a special token other than [MASK], the number of fills differs
    /// from the number of masks, or a fill is outside the shared vocabulary (the message of
    /// <see cref="ScoreTokens(IReadOnlyList{int}, IReadOnlyList{int}, CancellationToken)"/> for the same tokens).
    /// </exception>
    public ScoreResult Score(string maskedText, IReadOnlyList<int> fillTokenIds, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(maskedText);
        ArgumentNullException.ThrowIfNull(fillTokenIds);
        ObjectDisposedException.ThrowIf(disposed, this);
        var masked = engine.Encode(maskedText);
        masked.CheckFits(Manifest);
        if (fillTokenIds.Count != masked.MaskPositions.Length)
        {
            throw new MariaInputException($"the text has {masked.MaskPositions.Length} masks but {fillTokenIds.Count} fill tokens were given; give one token per [MASK]");
        }
        var tokens = masked.Tokens;
        for (int k = 0; k < fillTokenIds.Count; k++)
        {
            tokens[masked.MaskPositions[k]] = fillTokenIds[k];
        }
        var (tokenArray, maskArray) = TokenInput.ForScoring(Manifest, tokens, masked.MaskPositions);
        return new ScoreResult(scorer.LogProbabilities(tokenArray, maskArray, cancellation));
    }

    /// <summary>
    /// The exact log p of the tokens at <paramref name="maskPositions"/> given all other tokens of
    /// <paramref name="tokens"/> (true tokens everywhere; shared-vocabulary ids, no [CLS]/[BOS]): MARIA with the
    /// package's own head, one MLM pass (every mask read as [MASK]) and one teacher-forced decoder call.
    /// </summary>
    /// <param name="tokens">The true text tokens, including at the masks.</param>
    /// <param name="maskPositions">Increasing positions into <paramref name="tokens"/> to score.</param>
    /// <param name="cancellation">Cancels the call, also inside a model run.</param>
    /// <returns>One natural-log probability per position, in order (normalised over the shared vocabulary).</returns>
    /// <exception cref="MariaInputException">
    /// A token is outside the shared vocabulary, the positions are not increasing positions of the text, or the text
    /// is longer than the context (min(encoder context - 2, decoder context - 1) tokens).
    /// </exception>
    public ScoreResult ScoreTokens(IReadOnlyList<int> tokens, IReadOnlyList<int> maskPositions, CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var (tokenArray, maskArray) = TokenInput.ForScoring(Manifest, tokens, maskPositions);
        return new ScoreResult(scorer.LogProbabilities(tokenArray, maskArray, cancellation));
    }

    /// <summary>
    /// <see cref="ScoreTokens(IReadOnlyList{int}, IReadOnlyList{int}, CancellationToken)"/> for many token arrays in
    /// one encoder and one decoder call (one cache slot each: pass groups of the batch size you want in flight).
    /// </summary>
    /// <param name="texts">The token arrays and their masked positions.</param>
    /// <param name="cancellation">Cancels the call, also inside a model run.</param>
    /// <returns>One result per text, in input order.</returns>
    /// <exception cref="MariaInputException">As for the one-array overload, for the first bad text.</exception>
    public IReadOnlyList<ScoreResult> ScoreTokens(IReadOnlyList<MaskedTokens> texts, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(disposed, this);
        var validated = texts.Select(t => TokenInput.ForScoring(Manifest, t.Tokens, t.Masks)).Select(v => new ScoringText(v.Tokens, v.Masks)).ToArray();
        return [.. scorer.LogProbabilities(validated, cancellation).Select(values => new ScoreResult(values))];
    }
}
