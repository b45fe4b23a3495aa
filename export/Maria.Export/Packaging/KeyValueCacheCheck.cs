using System.Globalization;
using Maria.Runtime.Inference;
using Maria.Runtime.Masking;
using Maria.Runtime.Packaging;

namespace Maria.Export.Packaging;

/// <summary>
/// KV-cached stepwise decoding must equal a full forward (design.md, "Testing strategy"), alone and batched: a random
/// token sequence runs once as one chunk, then as plan A (prefill + a second chunk + single steps) alone, then as plans
/// A and B (single steps, then the rest in one chunk) in the same calls on two cache slots (ragged chunks, different
/// past lengths). The AR logits at every position and the MARIA logits at each chunk's last position (from a fixed
/// random MLM row per position) must agree within <see cref="Tolerance"/>.
/// </summary>
internal static class KeyValueCacheCheck
{
    public const float Tolerance = 1e-4f;

    public static VerificationCheck Run(DecoderSession decoder, PackageManifest manifest, CancellationToken cancellation)
    {
        int length = Math.Min(11, manifest.Decoder.ContextLength);
        var random = new SeededRandom(20250206);
        long[] tokens = [.. Enumerable.Range(0, length).Select(_ => (long)random.NextInt(manifest.Vocabulary.SharedSize))];
        int dMlm = manifest.Encoder.HiddenSize;
        float[] rows = [.. Enumerable.Range(0, length * dMlm).Select(_ => (float)(random.NextDouble() * 2 - 1))];  // [length, d_mlm]

        // The reference: one chunk, MARIA and AR logits at every position.
        int[] all = [.. Enumerable.Range(0, length)];
        using var fullCache = decoder.CreateCache(1, length);
        var full = decoder.Run(fullCache, [new DecoderChunk(0, tokens, all, rows, all)], cancellation);

        int prefill = (length + 2) / 3;
        int second = (length - prefill) / 2;
        int[] planA = [prefill, .. second > 0 ? new[] { second } : [], .. Enumerable.Repeat(1, length - prefill - second)];
        int singles = Math.Min(2, length - 1);
        int[] planB = [.. Enumerable.Repeat(1, singles), length - singles];

        float alone = Compare(decoder, tokens, rows, dMlm, full, [planA], cancellation, out string aloneWorst);
        float batched = Compare(decoder, tokens, rows, dMlm, full, [planA, planB], cancellation, out string batchedWorst);
        bool passed = alone <= Tolerance && batched <= Tolerance;
        string plan = string.Create(CultureInfo.InvariantCulture,
            $"{length} random tokens, chunks [{string.Join(" ", planA)}] alone and batched with [{string.Join(" ", planB)}] vs one full forward");
        string figures = string.Create(CultureInfo.InvariantCulture,
            $"max |logits difference| {alone:G3} alone, {batched:G3} batched, tolerance {Tolerance:G1}");
        return new VerificationCheck("kv-cache", passed, passed
            ? $"{plan}: {figures}"
            : $"{manifest.Decoder.File}: cached decoding differs from the full forward ({plan}): {figures}; worst at {(alone > Tolerance ? aloneWorst : batchedWorst)}; the decoder's cache handling is broken, re-export the package");
    }

    /// <summary>Runs the plans together (plan p on slot p, call t feeding each plan's t-th chunk); the largest difference from the reference.</summary>
    private static float Compare(DecoderSession decoder, long[] tokens, float[] rows, int dMlm, DecoderResult full, int[][] plans,
        CancellationToken cancellation, out string worst)
    {
        using var cache = decoder.CreateCache(plans.Length, 4);
        var starts = new int[plans.Length];
        float max = 0;
        worst = "nowhere";
        for (int call = 0; plans.Any(p => call < p.Length); call++)
        {
            var chunks = new List<DecoderChunk>();
            var owners = new List<int>();
            for (int p = 0; p < plans.Length; p++)
            {
                if (call >= plans[p].Length)
                {
                    continue;
                }
                int start = starts[p], count = plans[p][call];
                int[] every = [.. Enumerable.Range(0, count)];
                chunks.Add(new DecoderChunk(p, tokens.AsMemory(start, count), [count - 1], rows.AsMemory((start + count - 1) * dMlm, dMlm), every));
                owners.Add(p);
            }
            var result = decoder.Run(cache, chunks, cancellation);
            for (int c = 0; c < chunks.Count; c++)
            {
                int p = owners[c], start = starts[p], count = plans[p][call];
                Track(full.MariaLogits(0, start + count - 1), result.MariaLogits(c, 0), $"slot {p}, MARIA logits at position {start + count - 1}", ref max, ref worst);
                for (int s = 0; s < count; s++)
                {
                    Track(full.AutoregressiveLogits(0, start + s), result.AutoregressiveLogits(c, s), $"slot {p}, AR logits at position {start + s}", ref max, ref worst);
                }
                starts[p] += count;
            }
        }
        return max;
    }

    private static void Track(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string where, ref float max, ref string worst)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            float difference = Math.Abs(expected[i] - actual[i]);
            if (!(difference <= max))
            {
                // NaN differences also land here and make the check fail.
                max = float.IsNaN(difference) ? float.PositiveInfinity : difference;
                worst = string.Create(CultureInfo.InvariantCulture, $"{where}, id {i}");
            }
        }
    }
}
