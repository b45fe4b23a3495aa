using System.Globalization;
using Maria.Runtime.Inference;
using Maria.Runtime.Masking;
using Maria.Runtime.Packaging;

namespace Maria.Export.Packaging;

/// <summary>
/// Both graphs must produce finite outputs: NaN or infinite weights (a damaged checkpoint, a bad conversion) pass the
/// hash and contract checks but turn every logit that depends on them into NaN, which no sampler can use. Runs the
/// encoder over [CLS] x' [SEP] (seeded random tokens, every third one [MASK]) and the decoder over [BOS] x with the
/// encoder's rows, and checks mlm_hidden, mlm_logits, logits and ar_logits at every position. The largest |logit| is
/// reported: above 88.72 an unshifted softmax would overflow.
/// </summary>
internal static class FiniteOutputsCheck
{
    public static VerificationCheck Run(EncoderSession encoder, DecoderSession decoder, PackageManifest manifest, CancellationToken cancellation)
    {
        var v = manifest.Vocabulary;
        int length = Math.Min(11, TextTokens.ContextLimit(manifest));
        var random = new SeededRandom(20261124);
        long[] tokens = [.. Enumerable.Range(0, length).Select(_ => (long)random.NextInt(v.SharedSize))];
        long[] masked = [.. tokens.Select((t, i) => i % 3 == 1 ? v.MaskId : t)];

        // Encoder: [CLS] x' [SEP] -> rows u [n + 2, d_mlm] and MLM logits [n + 2, V_s] at every stream index.
        long[] stream = [v.ClsId, .. masked, v.SepId];
        int[] everyIndex = [.. Enumerable.Range(0, stream.Length)];
        var encoded = encoder.Run(new EncoderRequest(stream, everyIndex, everyIndex), cancellation);
        int dMlm = manifest.Encoder.HiddenSize;

        // Decoder: [BOS] x_1 .. x_n; MARIA logits at every position i from the MLM row of x_{i+1} (stream index i + 2),
        // AR logits at every position.
        long[] arStream = [v.BosId, .. tokens[..^1]];
        float[] rows = encoded.Rows[(2 * dMlm)..((length + 2) * dMlm)];
        int[] all = [.. Enumerable.Range(0, arStream.Length)];
        using var cache = decoder.CreateCache(1, arStream.Length);
        var decoded = decoder.Run(cache, [new DecoderChunk(0, arStream, all, rows, all)], cancellation);

        string? problem = FirstNonFinite(manifest.Encoder.File, GraphRoles.MlmHidden, encoded.Rows, dMlm)
            ?? FirstNonFinite(manifest.Encoder.File, GraphRoles.MlmLogits, encoded.Logits, v.SharedSize)
            ?? FirstNonFinite(manifest.Decoder.File, GraphRoles.ArLogits, decoded.ArLogits, v.SharedSize)
            ?? FirstNonFinite(manifest.Decoder.File, GraphRoles.Logits, decoded.Logits, v.SharedSize);
        if (problem is not null)
        {
            return new VerificationCheck("finite", false, $"{problem} on {length} random tokens: the weights hold NaN or infinite values, or overflow; export the package again from sound checkpoints");
        }
        float largest = Math.Max(MaxMagnitude(decoded.Logits), Math.Max(MaxMagnitude(decoded.ArLogits), MaxMagnitude(encoded.Logits)));
        int values = encoded.Rows.Length + encoded.Logits.Length + decoded.ArLogits.Length + decoded.Logits.Length;
        return new VerificationCheck("finite", true, string.Create(CultureInfo.InvariantCulture,
            $"{length} random tokens: mlm_hidden, mlm_logits, ar_logits and logits finite at every position ({values} values), largest |logit| {largest:G4}"));
    }

    /// <summary>"file: output is not finite in N of M values (the first NaN at position p, index i)", or null when all are finite.</summary>
    private static string? FirstNonFinite(string file, string output, float[] values, int width)
    {
        int first = Array.FindIndex(values, value => !float.IsFinite(value));
        if (first < 0)
        {
            return null;
        }
        int count = values.Count(value => !float.IsFinite(value));
        string kind = float.IsNaN(values[first]) ? "NaN" : "infinite";
        return string.Create(CultureInfo.InvariantCulture,
            $"{file}: {output} is not finite in {count} of {values.Length} values (the first {kind} at position {first / width}, index {first % width})");
    }

    private static float MaxMagnitude(float[] values) => values.Length == 0 ? 0f : values.Max(Math.Abs);
}
