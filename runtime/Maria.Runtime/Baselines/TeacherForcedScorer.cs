using Maria.Runtime.Inference;
using Maria.Runtime.Numerics;
using Maria.Runtime.Packaging;
using Maria.Runtime.Scoring;

namespace Maria.Runtime.Baselines;

/// <summary>
/// Exact teacher-forced log-probabilities of the true tokens for the baselines of maria-method.md §6 (<c>ar</c>,
/// <c>product</c>, <c>mlm</c>), each normalised over the shared vocabulary V_s so that all methods are comparable.
/// Inputs are already validated: true tokens everywhere, increasing positions, within the context. <c>ar</c> and
/// <c>product</c> score many texts per call (one slot each).
/// </summary>
internal sealed class TeacherForcedScorer
{
    private readonly VocabularyManifest vocabulary;
    private readonly EncoderSession encoder;
    private readonly Scorer scorer;

    public TeacherForcedScorer(VocabularyManifest vocabulary, EncoderSession encoder, Scorer scorer)
    {
        this.vocabulary = vocabulary;
        this.encoder = encoder;
        this.scorer = scorer;
    }

    /// <summary>log p_AR(x_i | [BOS] x_1 .. x_{i-1}) at each position of each text: one decoder call over [BOS] x_1 .. x_last.</summary>
    public double[][] Autoregressive(IReadOnlyList<ScoringText> texts, CancellationToken cancellation)
    {
        var passes = scorer.TeacherForced(texts, TeacherForcedOutputs.Autoregressive, cancellation);
        return Select(texts, (t, k) => passes.AutoregressiveLogits(t, k));
    }

    /// <summary>
    /// log softmax((ar_logits + mlm_logits) / 2)[x_i]: the untrained product-of-experts head, computed from the two
    /// models' own logits (the MLM reads the text with every mask as [MASK], the AR stream the true tokens).
    /// </summary>
    public double[][] Product(IReadOnlyList<ScoringText> texts, CancellationToken cancellation)
    {
        var passes = scorer.TeacherForced(texts, TeacherForcedOutputs.Autoregressive | TeacherForcedOutputs.MlmLogits, cancellation);
        int v = encoder.VocabularySize;
        var product = new float[v];
        return Select(texts, (t, k) =>
        {
            var ar = passes.AutoregressiveLogits(t, k);
            var mlm = passes.MlmLogits(t, k, v);
            for (int j = 0; j < v; j++)
            {
                product[j] = (ar[j] + mlm[j]) / 2f;
            }
            return product;
        });
    }

    /// <summary>
    /// The MLM decoded left to right, scored: for mask k, one encoder pass with masks before k holding their true
    /// tokens and masks from k on still [MASK]; log softmax(mlm_logits at mask k)[x_i]. One pass per mask.
    /// </summary>
    public double[] MaskedLanguageModelLeftToRight(int[] tokens, int[] masks, CancellationToken cancellation)
    {
        var stream = ModelStreams.Masked(vocabulary, tokens, masks);
        var result = new double[masks.Length];
        for (int k = 0; k < masks.Length; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            int streamIndex = masks[k] + 1;
            // mlm_logits: [1, V_s] at the current mask only.
            var logits = encoder.Run(new EncoderRequest(stream, [], [streamIndex]), cancellation).Logits;
            result[k] = LogSoftmax.At(logits, tokens[masks[k]], masks[k]);
            stream[streamIndex] = tokens[masks[k]];
        }
        return result;
    }

    private static double[][] Select(IReadOnlyList<ScoringText> texts, LogitsAt logits)
    {
        var result = new double[texts.Count][];
        for (int t = 0; t < texts.Count; t++)
        {
            var (tokens, masks) = (texts[t].Tokens, texts[t].Masks);
            result[t] = new double[masks.Length];
            for (int k = 0; k < masks.Length; k++)
            {
                result[t][k] = LogSoftmax.At(logits(t, k), tokens[masks[k]], masks[k]);
            }
        }
        return result;
    }

    /// <summary>The logits row [V_s] of mask <paramref name="k"/> of text <paramref name="text"/>.</summary>
    private delegate ReadOnlySpan<float> LogitsAt(int text, int k);
}
