using Maria.Runtime.Inference;
using Maria.Runtime.Numerics;
using Maria.Runtime.Packaging;

namespace Maria.Runtime.Baselines;

/// <summary>
/// Exact teacher-forced log-probabilities of the true tokens for the baselines of maria-method.md §6 (<c>ar</c>,
/// <c>product</c>, <c>mlm</c>), each normalised over the shared vocabulary V_s so that all methods are comparable.
/// Inputs are already validated: true tokens everywhere, increasing positions, within the context.
/// </summary>
internal sealed class TeacherForcedScorer
{
    private readonly VocabularyManifest vocabulary;
    private readonly EncoderRunner encoder;
    private readonly DecoderRunner decoder;

    public TeacherForcedScorer(VocabularyManifest vocabulary, EncoderRunner encoder, DecoderRunner decoder)
    {
        this.vocabulary = vocabulary;
        this.encoder = encoder;
        this.decoder = decoder;
    }

    /// <summary>log p_AR(x_i | [BOS] x_1 .. x_{i-1}) at each position: one decoder call over [BOS] x_1 .. x_last.</summary>
    public double[] Autoregressive(int[] tokens, int[] positions, CancellationToken cancellation)
    {
        if (positions.Length == 0)
        {
            return [];
        }
        var arLogits = AutoregressiveLogits(tokens, positions, cancellation);
        return LogSoftmaxOfTrueTokens(arLogits, tokens, positions);
    }

    /// <summary>
    /// log softmax((ar_logits + mlm_logits) / 2)[x_i]: the untrained product-of-experts head, computed from the two
    /// models' own logits (the MLM reads the text with every mask as [MASK], the AR stream the true tokens).
    /// </summary>
    public double[] Product(int[] tokens, int[] masks, CancellationToken cancellation)
    {
        if (masks.Length == 0)
        {
            return [];
        }
        // mlm_logits: [masks, V_s] from one pass over [CLS] x' [SEP].
        var stream = ModelStreams.Masked(vocabulary, tokens, masks);
        var (_, mlmLogits) = encoder.Run(stream, [], ModelStreams.MaskedRows(masks), cancellation);
        // ar_logits: [masks, V_s] from one teacher-forced pass.
        var arLogits = AutoregressiveLogits(tokens, masks, cancellation);
        var product = new float[arLogits.Length];
        for (int j = 0; j < product.Length; j++)
        {
            product[j] = (arLogits[j] + mlmLogits[j]) / 2f;
        }
        return LogSoftmaxOfTrueTokens(product, tokens, masks);
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
            // mlm_logits: [1, 1, V_s] at the current mask only.
            var (_, logits) = encoder.Run(stream, [], [streamIndex], cancellation);
            result[k] = LogSoftmax.At(logits, tokens[masks[k]], masks[k]);
            stream[streamIndex] = tokens[masks[k]];
        }
        return result;
    }

    /// <summary>ar_logits [positions, V_s] of the causal model, teacher-forced on the true tokens.</summary>
    private float[] AutoregressiveLogits(int[] tokens, int[] positions, CancellationToken cancellation)
    {
        // AR stream [BOS] x_1 .. x_last ([last + 1]); the state at stream index i predicts tokens[i].
        int last = positions[^1];
        var stream = ModelStreams.Causal(vocabulary, tokens, last + 1);
        var arLogits = new float[positions.Length * decoder.VocabularySize];
        using var cache = decoder.CreateCache(stream.Length);
        decoder.RunChunk(cache, stream, [], [], positions, [], arLogits, [], cancellation);
        return arLogits;
    }

    private double[] LogSoftmaxOfTrueTokens(float[] logits, int[] tokens, int[] positions)
    {
        int v = decoder.VocabularySize;
        var result = new double[positions.Length];
        for (int k = 0; k < positions.Length; k++)
        {
            result[k] = LogSoftmax.At(logits.AsSpan(k * v, v), tokens[positions[k]], positions[k]);
        }
        return result;
    }
}
