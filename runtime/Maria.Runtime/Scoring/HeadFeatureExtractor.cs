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
internal sealed class HeadFeatureExtractor
{
    private readonly PackageManifest manifest;
    private readonly MariaBaselines baselines;
    private readonly Scorer scorer;
    private readonly DecoderSession decoder;

    /// <summary>Extracts features with the graphs of <paramref name="model"/> (which must outlive this object).</summary>
    public HeadFeatureExtractor(MariaModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        manifest = model.Manifest;
        baselines = model.Baselines;
        scorer = model.Baselines.Scorer;
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
        return Extract([new ScoringText(tokenArray, maskArray)], cancellation)[0];
    }

    /// <summary>
    /// Features of many texts in one encoder and one decoder call (one cache slot each; pass groups of the batch size
    /// you want in flight); each text as in <see cref="Extract(IReadOnlyList{int}, IReadOnlyList{int}, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="MariaInputException">As for the one-text overload, naming the first bad text.</exception>
    public HeadFeatures[] Extract(IReadOnlyList<MaskedTokens> texts, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var validated = new ScoringText[texts.Count];
        for (int t = 0; t < texts.Count; t++)
        {
            if (texts[t].Masks.Count == 0)
            {
                throw new MariaInputException($"text {t} has no masked positions: the head is trained and scored only at masks; pass at least one");
            }
            var (tokenArray, maskArray) = baselines.ValidateTrueTokens(texts[t].Tokens, texts[t].Masks);
            validated[t] = new ScoringText(tokenArray, maskArray);
        }
        return Extract(validated, cancellation);
    }

    private HeadFeatures[] Extract(ScoringText[] texts, CancellationToken cancellation)
    {
        // The graph evaluates the packaged head at the same positions; only its inputs are kept.
        var passes = scorer.TeacherForced(texts, TeacherForcedOutputs.Maria, cancellation);
        var features = new HeadFeatures[texts.Length];
        for (int t = 0; t < texts.Length; t++)
        {
            var (tokens, masks) = (texts[t].Tokens, texts[t].Masks);
            var arRows = new float[masks.Length * decoder.ArHiddenSize];        // [count, d_ar]: v_{i-1}
            var targets = new int[masks.Length];
            for (int k = 0; k < masks.Length; k++)
            {
                passes.ArState(t, k).CopyTo(arRows.AsSpan(k * decoder.ArHiddenSize));
                targets[k] = tokens[masks[k]];
            }
            features[t] = new HeadFeatures(arRows, passes.MlmRows(t), targets);  // u_i: [count, d_mlm]
        }
        return features;
    }
}
