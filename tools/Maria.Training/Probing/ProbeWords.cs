using Maria.Runtime;
using Maria.Runtime.Baselines;
using Maria.Runtime.Representations;

namespace Maria.Training.Probing;

/// <summary>
/// Per-word feature blocks of a set of tagged sentences, read from a package's graphs: for each word its first token i
/// (the token whose span covers the word's first character), u_i, v_i and v_{i-1}, and the word's label index.
/// </summary>
internal sealed class ProbeWords
{
    private ProbeWords(float[] mlm, float[] arAfter, float[] arBefore, int[] labels, int mlmWidth, int arWidth, int salt)
    {
        Mlm = mlm;
        ArAfter = arAfter;
        ArBefore = arBefore;
        Labels = labels;
        MlmWidth = mlmWidth;
        ArWidth = arWidth;
        Salt = salt;
    }

    public float[] Mlm { get; }

    public float[] ArAfter { get; }

    public float[] ArBefore { get; }

    /// <summary>Label index per word; -1 for a tag the training set never had (always counted wrong).</summary>
    public int[] Labels { get; }

    public int MlmWidth { get; }

    public int ArWidth { get; }

    /// <summary>Distinguishes the noise of different word sets (training, held-out, test).</summary>
    public int Salt { get; }

    public int Count => Labels.Length;

    /// <summary>Extracts the blocks, <paramref name="batchSize"/> sentences per encoder and decoder call.</summary>
    public static ProbeWords Extract(MariaModel model, IReadOnlyList<PosSentence> sentences, IReadOnlyDictionary<string, int> labelIndex,
        int batchSize, int salt, Action<int>? progress, CancellationToken cancellation)
    {
        var mlm = new List<float>();
        var after = new List<float>();
        var before = new List<float>();
        var labels = new List<int>();
        int done = 0, dMlm = 0, dAr = 0;
        foreach (var batch in sentences.Chunk(batchSize))
        {
            var encoded = batch.Select(s => model.Tokenizer.EncodeWithOffsets(s.Text)).ToArray();
            var representations = model.RepresentTokens(encoded.Select(e => new MaskedTokens(e.Select(t => t.Id).ToArray(), [])).ToList(), batch.Length, cancellation);
            for (int s = 0; s < batch.Length; s++)
            {
                var r = representations[s];
                (dMlm, dAr) = (r.MlmHiddenSize, r.ArHiddenSize);
                for (int w = 0; w < batch[s].Spans.Length; w++)
                {
                    int token = FirstToken(encoded[s], batch[s].Spans[w].Start);
                    mlm.AddRange(r.Mlm(token));
                    after.AddRange(r.Ar(token, ArAlignment.AfterToken));
                    before.AddRange(r.Ar(token, ArAlignment.HeadInput));
                    labels.Add(labelIndex.TryGetValue(batch[s].Tags[w], out int label) ? label : -1);
                }
            }
            done += batch.Length;
            progress?.Invoke(done);
        }
        return new ProbeWords([.. mlm], [.. after], [.. before], [.. labels], dMlm, dAr, salt);
    }

    /// <summary>The words of <paramref name="first"/> then those of <paramref name="second"/> (the noise salt of the first).</summary>
    public static ProbeWords Concat(ProbeWords first, ProbeWords second) => new(
        [.. first.Mlm, .. second.Mlm], [.. first.ArAfter, .. second.ArAfter], [.. first.ArBefore, .. second.ArBefore],
        [.. first.Labels, .. second.Labels], first.MlmWidth, first.ArWidth, first.Salt);

    /// <summary>The first token whose span reaches past <paramref name="start"/> (a word's leading-space token included).</summary>
    internal static int FirstToken(IReadOnlyList<Runtime.EncodedToken> tokens, int start)
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Start + tokens[i].Length > start)
            {
                return i;
            }
        }
        throw new MariaInputException($"no token covers character {start}; the spans do not match the text");
    }
}
