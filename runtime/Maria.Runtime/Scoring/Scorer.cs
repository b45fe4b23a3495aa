using Maria.Runtime.Inference;
using Maria.Runtime.Numerics;
using Maria.Runtime.Packaging;

namespace Maria.Runtime.Scoring;

/// <summary>
/// Exact likelihood (maria-method.md §6): one MLM pass on the masked stream and one teacher-forced AR pass over
/// <c>[BOS] x_1 .. x_{last mask - 1}</c>, with the MARIA head at every masked position. No sampling, no bound.
/// Many texts share each encoder and decoder call (one slot per text).
/// </summary>
internal sealed class Scorer
{
    private readonly PackageManifest manifest;
    private readonly EncoderSession encoder;
    private readonly DecoderSession decoder;

    public Scorer(PackageManifest manifest, EncoderSession encoder, DecoderSession decoder)
    {
        this.manifest = manifest;
        this.encoder = encoder;
        this.decoder = decoder;
    }

    /// <summary>
    /// log p(x_i | x_U) for each i in <paramref name="maskPositions"/> (increasing indices into
    /// <paramref name="tokens"/>, which hold the TRUE tokens everywhere).
    /// </summary>
    public double[] LogProbabilities(ReadOnlySpan<int> tokens, ReadOnlySpan<int> maskPositions, CancellationToken cancellation) =>
        LogProbabilities([new ScoringText(tokens.ToArray(), maskPositions.ToArray())], cancellation)[0];

    /// <summary><see cref="LogProbabilities(ReadOnlySpan{int}, ReadOnlySpan{int}, CancellationToken)"/> for many texts in one encoder and one decoder call.</summary>
    public double[][] LogProbabilities(IReadOnlyList<ScoringText> texts, CancellationToken cancellation)
    {
        var passes = TeacherForced(texts, TeacherForcedOutputs.Maria, cancellation);
        var result = new double[texts.Count][];
        for (int t = 0; t < texts.Count; t++)
        {
            var (tokens, masks) = (texts[t].Tokens, texts[t].Masks);
            result[t] = new double[masks.Length];
            for (int k = 0; k < masks.Length; k++)
            {
                result[t][k] = LogSoftmax.At(passes.MariaLogits(t, k), tokens[masks[k]], masks[k]);
            }
        }
        return result;
    }

    /// <summary>
    /// The MARIA logits z_i ([masks, V_s]) at each masked position, teacher-forced on <paramref name="tokens"/>
    /// (the AR stream reads the given tokens; the MLM stream sees [MASK] at every masked position).
    /// </summary>
    public float[] Logits(ReadOnlySpan<int> tokens, ReadOnlySpan<int> maskPositions, CancellationToken cancellation)
    {
        var passes = TeacherForced([new ScoringText(tokens.ToArray(), maskPositions.ToArray())], TeacherForcedOutputs.Maria, cancellation);
        var logits = new float[maskPositions.Length * decoder.VocabularySize];
        for (int k = 0; k < maskPositions.Length; k++)
        {
            passes.MariaLogits(0, k).CopyTo(logits.AsSpan(k * decoder.VocabularySize));
        }
        return logits;
    }

    /// <summary>
    /// At most one encoder call (masked streams) and one decoder call (true AR streams, one slot per text) for many
    /// texts, producing only the <paramref name="outputs"/> asked for at the masks: MARIA logits and the AR states that
    /// read them, the causal model's own logits, the MLM's logits. Texts without masks take no part.
    /// </summary>
    public TeacherForcedPasses TeacherForced(IReadOnlyList<ScoringText> texts, TeacherForcedOutputs outputs, CancellationToken cancellation)
    {
        foreach (var text in texts)
        {
            CheckMasks(text);
        }
        bool maria = outputs.HasFlag(TeacherForcedOutputs.Maria);
        bool autoregressive = outputs.HasFlag(TeacherForcedOutputs.Autoregressive);
        bool mlmLogits = outputs.HasFlag(TeacherForcedOutputs.MlmLogits);
        var scored = Enumerable.Range(0, texts.Count).Where(t => texts[t].Masks.Length > 0).ToArray();
        var encoded = maria || mlmLogits
            ? encoder.Run(scored.Select(t => new EncoderRequest(
                ModelStreams.Masked(manifest.Vocabulary, texts[t].Tokens, texts[t].Masks),
                maria ? ModelStreams.MaskedRows(texts[t].Masks) : [],
                mlmLogits ? ModelStreams.MaskedRows(texts[t].Masks) : [])).ToList(), cancellation)
            : [];
        DecoderResult? result = null;
        if ((maria || autoregressive) && scored.Length > 0)
        {
            var chunks = new List<DecoderChunk>(scored.Length);
            for (int s = 0; s < scored.Length; s++)
            {
                var text = texts[scored[s]];
                // AR stream [BOS] x_1 .. x_last; the state at stream index i predicts x_i (0-based tokens[i]).
                var stream = ModelStreams.Causal(manifest.Vocabulary, text.Tokens, text.Masks[^1] + 1);
                chunks.Add(new DecoderChunk(s, stream, maria ? text.Masks : [], maria ? encoded[s].Rows : ReadOnlyMemory<float>.Empty,
                    autoregressive ? text.Masks : []));
            }
            using var cache = decoder.CreateCache(chunks.Count, chunks.Max(c => c.Tokens.Length));
            result = decoder.Run(cache, chunks, cancellation);
        }
        return new TeacherForcedPasses(texts.Count, scored, encoded, result);
    }

    private static void CheckMasks(ScoringText text)
    {
        for (int k = 0; k < text.Masks.Length; k++)
        {
            int i = text.Masks[k];
            if (i < 0 || i >= text.Tokens.Length || (k > 0 && i <= text.Masks[k - 1]))
            {
                throw new ArgumentException("mask positions must be increasing indices into the tokens", nameof(text));
            }
        }
    }
}

/// <summary>Which outputs <see cref="Scorer.TeacherForced"/> computes.</summary>
[Flags]
internal enum TeacherForcedOutputs
{
    /// <summary>MARIA logits and the AR states v_{i-1} at the masks (needs the encoder's rows).</summary>
    Maria = 1,

    /// <summary>The causal model's own logits at the masks.</summary>
    Autoregressive = 2,

    /// <summary>The MLM's logits at the masks (every mask read as [MASK]).</summary>
    MlmLogits = 4,
}

/// <summary>A text to score: its true tokens (shared ids, no [CLS]/[BOS]) and increasing masked positions.</summary>
internal sealed record ScoringText(int[] Tokens, int[] Masks);

/// <summary>The outputs of <see cref="Scorer.TeacherForced"/>, looked up by text and mask.</summary>
internal sealed class TeacherForcedPasses(int count, int[] scored, EncoderResult[] encoded, DecoderResult? decoded)
{
    private readonly int[] chunkOf = ChunkIndex(count, scored);

    /// <summary>MARIA logits [V_s] at mask <paramref name="k"/> of text <paramref name="text"/>.</summary>
    public ReadOnlySpan<float> MariaLogits(int text, int k) => decoded!.MariaLogits(chunkOf[text], k);

    /// <summary>The causal model's own logits [V_s] at mask <paramref name="k"/>.</summary>
    public ReadOnlySpan<float> AutoregressiveLogits(int text, int k) => decoded!.AutoregressiveLogits(chunkOf[text], k);

    /// <summary>The AR state v_{i-1} [d_ar] that reads mask <paramref name="k"/>.</summary>
    public ReadOnlySpan<float> ArState(int text, int k) => decoded!.Hidden(chunkOf[text], k);

    /// <summary>The MLM rows u [masks, d_mlm] of a text.</summary>
    public float[] MlmRows(int text) => encoded[chunkOf[text]].Rows;

    /// <summary>MLM logits [V_s] at mask <paramref name="k"/> (when they were asked for).</summary>
    public ReadOnlySpan<float> MlmLogits(int text, int k, int vocabulary) => encoded[chunkOf[text]].Logits.AsSpan(k * vocabulary, vocabulary);

    private static int[] ChunkIndex(int count, int[] scored)
    {
        var index = Enumerable.Repeat(-1, count).ToArray();
        for (int s = 0; s < scored.Length; s++)
        {
            index[scored[s]] = s;
        }
        return index;
    }
}
