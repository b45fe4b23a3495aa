using Maria.Runtime.Baselines;
using Maria.Runtime.Infilling;
using Maria.Runtime.Masking;
using Maria.Runtime.Scoring;

namespace Maria.Runtime;

/// <summary>Exact scoring of filled texts and token arrays: log p(x_M | x_U).</summary>
public sealed partial class MariaModel
{
    /// <summary>
    /// The exact log p(x_M | x_U) of filling the masks of <paramref name="maskedText"/> with <paramref name="fillTokenIds"/>
    /// (one id per mask, in reading order), e.g. the <see cref="FilledToken.TokenId"/>s of an infill.
    /// </summary>
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
            int id = fillTokenIds[k];
            if (!TextTokens.IsText(id, Manifest.Vocabulary.SharedSize))
            {
                throw new MariaInputException($"fill token {id} (mask {k}) is outside the shared vocabulary 0..{Manifest.Vocabulary.SharedSize - 1}");
            }
            tokens[masked.MaskPositions[k]] = id;
        }
        return new ScoreResult(scorer.LogProbabilities(tokens, masked.MaskPositions, cancellation));
    }

    /// <summary>
    /// The exact log p of the tokens at <paramref name="maskPositions"/> given all other tokens of
    /// <paramref name="tokens"/> (true tokens everywhere; shared-vocabulary ids, no [CLS]/[BOS]).
    /// </summary>
    /// <exception cref="MariaInputException">
    /// A token is outside the shared vocabulary, the positions are not increasing positions of the text, or the text
    /// is longer than the context: the one validation path of <see cref="MariaBaselines.MariaLogProbabilities(IReadOnlyList{int}, IReadOnlyList{int}, CancellationToken)"/>.
    /// </exception>
    public ScoreResult ScoreTokens(IReadOnlyList<int> tokens, IReadOnlyList<int> maskPositions, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(maskPositions);
        ObjectDisposedException.ThrowIf(disposed, this);
        return new ScoreResult(Baselines.MariaLogProbabilities(tokens, maskPositions, cancellation));
    }
}
