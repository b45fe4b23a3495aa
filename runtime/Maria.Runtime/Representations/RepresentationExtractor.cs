using Maria.Runtime.Inference;
using Maria.Runtime.Packaging;

namespace Maria.Runtime.Representations;

/// <summary>
/// Per-token states u and v of many texts in one encoder call and one decoder call (one cache slot per text).
/// The decoder graph returns <c>hidden_states</c> only at the head's positions, so every AR stream index is asked as
/// one (with zero MLM rows; the head's logits there are computed and dropped - a |V_s| x (d_ar + d_mlm) product per
/// token, the price of reading v from the packaged graph instead of a second one).
/// </summary>
internal sealed class RepresentationExtractor(PackageManifest manifest, EncoderSession encoder, DecoderSession decoder)
{
    /// <summary><paramref name="texts"/>: validated true (or filled) tokens and increasing masks the MLM reads as [MASK].</summary>
    public TokenRepresentations[] Extract(IReadOnlyList<(int[] Tokens, int[] Masks)> texts, CancellationToken cancellation)
    {
        if (texts.Count == 0)
        {
            return [];
        }
        // u: MLM stream rows 1..n of [CLS] x' [SEP].
        var encoded = encoder.Run(texts.Select(t => new EncoderRequest(
            ModelStreams.Masked(manifest.Vocabulary, t.Tokens, t.Masks),
            Enumerable.Range(1, t.Tokens.Length).ToArray(), [])).ToList(), cancellation);
        // v: every index 0..n of [BOS] x_1 .. x_n.
        var chunks = new List<DecoderChunk>(texts.Count);
        for (int t = 0; t < texts.Count; t++)
        {
            int length = texts[t].Tokens.Length + 1;
            chunks.Add(new DecoderChunk(t, ModelStreams.Causal(manifest.Vocabulary, texts[t].Tokens, length),
                Enumerable.Range(0, length).ToArray(), new float[length * decoder.MlmHiddenSize], []));
        }
        using var cache = decoder.CreateCache(chunks.Count, chunks.Max(c => c.Tokens.Length));
        var decoded = decoder.Run(cache, chunks, cancellation);
        var result = new TokenRepresentations[texts.Count];
        for (int t = 0; t < texts.Count; t++)
        {
            int rows = texts[t].Tokens.Length + 1;
            var arStates = decoded.HiddenStates.AsSpan(decoded.MariaOffsets[t] * decoder.ArHiddenSize, rows * decoder.ArHiddenSize).ToArray();
            result[t] = new TokenRepresentations(texts[t].Tokens, texts[t].Masks, encoded[t].Rows, arStates, encoder.HiddenSize, decoder.ArHiddenSize);
        }
        return result;
    }
}
