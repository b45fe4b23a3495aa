using System.Globalization;
using Maria.Runtime.Packaging;
using Microsoft.ML.OnnxRuntime;

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
    public static VerificationCheck Run(InferenceSession encoder, InferenceSession decoder, PackageManifest manifest, RunOptions runOptions)
    {
        var v = manifest.Vocabulary;
        int length = Math.Min(11, Math.Min(manifest.Decoder.ContextLength - 1, manifest.Encoder.ContextLength - 2));
        var random = new Random(20261124);
        long[] tokens = [.. Enumerable.Range(0, length).Select(_ => (long)random.Next(v.SharedSize))];
        long[] masked = [.. tokens.Select((t, i) => i % 3 == 1 ? v.MaskId : t)];

        // Encoder: [CLS] x' [SEP] -> mlm_hidden [1, n + 2, d_mlm], mlm_logits [1, n + 2, V_s] at every stream index.
        long[] stream = [v.ClsId, .. masked, v.SepId];
        int dMlm = manifest.Encoder.HiddenSize;
        var hidden = new float[stream.Length * dMlm];
        var mlmLogits = new float[stream.Length * v.SharedSize];
        using (var ids = OrtValue.CreateTensorValueFromMemory(stream, [1, stream.Length]))
        using (var mask = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, stream.Length).ToArray(), [1, stream.Length]))
        using (var positions = OrtValue.CreateTensorValueFromMemory(Enumerable.Range(0, stream.Length).Select(i => (long)i).ToArray(), [1, stream.Length]))
        using (var hiddenValue = OrtValue.CreateTensorValueFromMemory(hidden, [1, stream.Length, dMlm]))
        using (var logitsValue = OrtValue.CreateTensorValueFromMemory(mlmLogits, [1, stream.Length, v.SharedSize]))
        {
            encoder.Run(runOptions, [GraphNames.InputIds, GraphNames.AttentionMask, GraphNames.LogitPositions], [ids, mask, positions],
                [GraphNames.MlmHidden, GraphNames.MlmLogits], [hiddenValue, logitsValue]);
        }

        // Decoder: [BOS] x_1 .. x_n; MARIA logits at every position i from the MLM row of x_{i+1} (stream index i + 2),
        // AR logits at every position.
        long[] arStream = [v.BosId, .. tokens[..^1]];
        float[] rows = hidden[(2 * dMlm)..((length + 2) * dMlm)];
        long[] all = [.. Enumerable.Range(0, arStream.Length).Select(i => (long)i)];
        using var stepper = new DecoderStepper(decoder, manifest);
        var (logits, arLogits) = stepper.Run(arStream, all, rows, all, runOptions);

        string? problem = FirstNonFinite(manifest.Encoder.File, GraphNames.MlmHidden, hidden, dMlm)
            ?? FirstNonFinite(manifest.Encoder.File, GraphNames.MlmLogits, mlmLogits, v.SharedSize)
            ?? FirstNonFinite(manifest.Decoder.File, GraphNames.ArLogits, arLogits, v.SharedSize)
            ?? FirstNonFinite(manifest.Decoder.File, GraphNames.Logits, logits, v.SharedSize);
        if (problem is not null)
        {
            return new VerificationCheck("finite", false, $"{problem} on {length} random tokens: the weights hold NaN or infinite values, or overflow; export the package again from sound checkpoints");
        }
        float largest = Math.Max(MaxMagnitude(logits), Math.Max(MaxMagnitude(arLogits), MaxMagnitude(mlmLogits)));
        return new VerificationCheck("finite", true, string.Create(CultureInfo.InvariantCulture,
            $"{length} random tokens: mlm_hidden, mlm_logits, ar_logits and logits finite at every position ({hidden.Length + mlmLogits.Length + arLogits.Length + logits.Length} values), largest |logit| {largest:G4}"));
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
