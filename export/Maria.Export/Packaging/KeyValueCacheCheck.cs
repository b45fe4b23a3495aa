using System.Globalization;
using Maria.Runtime.Packaging;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Export.Packaging;

/// <summary>
/// KV-cached stepwise decoding must equal a full forward (design.md, "Testing strategy"): a random token sequence
/// runs once as one chunk and once as a prefill chunk + a second chunk + single steps on the shared cache buffer;
/// the AR logits at every position and the MARIA logits at each chunk's last position (from fixed random MLM rows)
/// must agree within <see cref="Tolerance"/>.
/// </summary>
internal static class KeyValueCacheCheck
{
    public const float Tolerance = 1e-4f;

    public static VerificationCheck Run(InferenceSession decoder, PackageManifest manifest, RunOptions runOptions)
    {
        int length = Math.Min(11, manifest.Decoder.ContextLength);
        int prefill = (length + 2) / 3;
        int second = (length - prefill) / 2;
        var random = new Random(20250206);
        long[] tokens = [.. Enumerable.Range(0, length).Select(_ => (long)random.Next(manifest.Vocabulary.SharedSize))];

        // Chunks: [0, prefill), [prefill, prefill + second), then one token at a time.
        var chunks = new List<(int Start, int Count)> { (0, prefill) };
        if (second > 0)
        {
            chunks.Add((prefill, second));
        }
        for (int start = prefill + second; start < length; start++)
        {
            chunks.Add((start, 1));
        }
        int dMlm = manifest.Encoder.HiddenSize;
        float[] mlmRows = [.. Enumerable.Range(0, chunks.Count * dMlm).Select(_ => (float)(random.NextDouble() * 2 - 1))];

        using var stepper = new DecoderStepper(decoder, manifest);
        long[] chunkEnds = [.. chunks.Select(c => (long)(c.Start + c.Count - 1))];
        var (fullLogits, fullArLogits) = stepper.Run(tokens, chunkEnds, mlmRows, [.. Enumerable.Range(0, length).Select(i => (long)i)], runOptions);

        stepper.Reset();
        int vs = manifest.Vocabulary.SharedSize;
        var stepLogits = new List<float>(fullLogits.Length);
        var stepArLogits = new List<float>(fullArLogits.Length);
        for (int c = 0; c < chunks.Count; c++)
        {
            var (start, count) = chunks[c];
            var (logits, arLogits) = stepper.Run(tokens[start..(start + count)], [count - 1], mlmRows[(c * dMlm)..((c + 1) * dMlm)],
                [.. Enumerable.Range(0, count).Select(i => (long)i)], runOptions);
            stepLogits.AddRange(logits);
            stepArLogits.AddRange(arLogits);
        }
        float arDifference = MaxDifference(fullArLogits, stepArLogits, out int arWorst);
        float headDifference = MaxDifference(fullLogits, stepLogits, out _);
        bool passed = arDifference <= Tolerance && headDifference <= Tolerance;
        string plan = string.Create(CultureInfo.InvariantCulture,
            $"{length} random tokens, prefill {prefill} + chunk {second} + {length - prefill - second} single steps vs one full forward");
        string figures = string.Create(CultureInfo.InvariantCulture,
            $"max |ar_logits difference| {arDifference:G3} over {fullArLogits.Length} values, max |logits difference| {headDifference:G3} over {fullLogits.Length}, tolerance {Tolerance:G1}");
        return new VerificationCheck("kv-cache", passed, passed
            ? $"{plan}: {figures}"
            : string.Create(CultureInfo.InvariantCulture,
                $"{manifest.Decoder.File}: cached decoding differs from the full forward ({plan}): {figures}; worst ar_logits at position {arWorst / vs}, id {arWorst % vs}; the decoder's cache handling is broken, re-export the package"));
    }

    private static float MaxDifference(float[] expected, List<float> actual, out int worst)
    {
        worst = 0;
        if (expected.Length != actual.Count)
        {
            return float.PositiveInfinity;
        }
        float max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            float difference = Math.Abs(expected[i] - actual[i]);
            if (!(difference <= max))
            {
                // NaN differences also land here and make the check fail.
                max = float.IsNaN(difference) ? float.PositiveInfinity : difference;
                worst = i;
            }
        }
        return max;
    }
}
