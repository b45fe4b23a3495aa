using Maria.Runtime.Baselines;
using Maria.Runtime.Inference;
using Maria.Runtime.Packaging;

namespace Maria.Runtime.Scoring;

/// <summary>
/// The inputs of the MARIA head, computed by the package's own graphs so that a head trained on them sees exactly
/// what it will see when served (maria-method.md §4): for each masked position i, the teacher-forced AR state
/// v_{i-1} (decoder <c>hidden_states</c>) and the MLM state u_i of the masked text (encoder <c>mlm_hidden</c>).
/// One encoder call and one decoder call per text; each call owns its cache, so one instance serves concurrent callers.
/// </summary>
public sealed class HeadFeatureExtractor
{
    private readonly PackageManifest manifest;
    private readonly MariaBaselines baselines;
    private readonly EncoderRunner encoder;
    private readonly DecoderRunner decoder;

    /// <summary>Extracts features with the graphs of <paramref name="model"/> (which must outlive this object).</summary>
    public HeadFeatureExtractor(MariaModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        manifest = model.Manifest;
        baselines = model.Baselines;
        encoder = model.Baselines.Encoder;
        decoder = model.Baselines.Decoder;
    }

    /// <summary>d_ar, the width of v.</summary>
    public int ArHiddenSize => decoder.ArHiddenSize;

    /// <summary>d_mlm, the width of u.</summary>
    public int MlmHiddenSize => manifest.Encoder.HiddenSize;

    /// <summary>|V_s|: targets are ids below this.</summary>
    public int SharedVocabularySize => manifest.Vocabulary.SharedSize;

    /// <summary>The longest token array accepted: both streams ([CLS] x [SEP] and [BOS] x) fit their models.</summary>
    public int MaxTokens => baselines.MaxTokens;

    /// <summary>
    /// Features of one text: <paramref name="tokens"/> are the true shared-vocabulary ids (no [CLS]/[BOS]);
    /// <paramref name="masks"/> increasing positions into them. The MLM reads the text with [MASK] at the masks, the
    /// AR model reads the true tokens.
    /// </summary>
    /// <exception cref="MariaInputException">A token is outside V_s, the masks are empty or not increasing positions, or the text is longer than <see cref="MaxTokens"/>.</exception>
    public HeadFeatures Extract(IReadOnlyList<int> tokens, IReadOnlyList<int> masks, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(masks);
        if (masks.Count == 0)
        {
            throw new MariaInputException("no masked positions: the head is trained and scored only at masks; pass at least one");
        }
        // The scoring methods' checks: length, increasing masks, every token (masked ones too) inside V_s.
        var (tokenArray, maskArray) = baselines.ValidateTrueTokens(tokens, masks);
        return Extract(tokenArray, maskArray, cancellation);
    }

    private HeadFeatures Extract(int[] tokens, int[] masks, CancellationToken cancellation)
    {
        int count = masks.Length;
        var mlmStream = ModelStreams.Masked(manifest.Vocabulary, tokens, masks);
        var (mlmRows, _) = encoder.Run(mlmStream, ModelStreams.MaskedRows(masks), [], cancellation);  // [count, d_mlm]

        // [BOS] x_1 .. x_last: the state at stream index i has read x_1 .. x_{i-1} (1-based), i.e. v_{i-1}.
        int last = masks[count - 1];
        var arStream = ModelStreams.Causal(manifest.Vocabulary, tokens, last + 1);
        var arRows = new float[count * decoder.ArHiddenSize];                                        // [count, d_ar]
        using var cache = decoder.CreateCache(last + 1);
        // The graph evaluates the packaged head at the same positions; its logits are not needed here.
        decoder.RunChunk(cache, arStream, masks, mlmRows, [], new float[count * decoder.VocabularySize], [], arRows, cancellation);

        var targets = new int[count];
        for (int k = 0; k < count; k++)
        {
            targets[k] = tokens[masks[k]];
        }
        return new HeadFeatures(arRows, mlmRows, targets);
    }
}
