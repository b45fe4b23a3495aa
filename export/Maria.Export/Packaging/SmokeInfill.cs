using Maria.Runtime.Packaging;
using Maria.Runtime.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Export.Packaging;

/// <summary>
/// A greedy infill of a short text with masks through both graphs, following maria-method.md §5: the encoder reads
/// [CLS] x' [SEP] once; the decoder prefills [BOS] x_1..x_{i-1}, and for each mask takes the MARIA logits at the
/// chunk's last position with the MLM row u_i, picks the best id, and feeds it with the known run up to the next mask.
/// A minimal private loop for verification; the runtime engine is separate.
/// </summary>
internal static class SmokeInfill
{
    public const string Text = "The state of the [MASK] is [MASK] and the people are [MASK].";

    public static VerificationCheck Run(InferenceSession encoder, InferenceSession decoder, HuggingFaceTokenizer tokenizer, PackageManifest manifest, RunOptions runOptions)
    {
        var v = manifest.Vocabulary;
        string maskToken = tokenizer.IdToToken(v.MaskId) ?? "[MASK]";
        string text = Text.Replace("[MASK]", maskToken, StringComparison.Ordinal);
        long[] ids = [.. tokenizer.Encode(text).Select(id => (long)id)];
        int outside = Array.FindIndex(ids, id => id != v.MaskId && id >= v.SharedSize);
        if (outside >= 0)
        {
            return new VerificationCheck("infill", false, $"{v.Tokenizer}: the smoke text encodes to id {ids[outside]}, outside the shared ids 0..{v.SharedSize - 1}; the package tokenizer does not match the manifest");
        }
        if (ids.Length + 2 > manifest.Encoder.ContextLength || ids.Length + 1 > manifest.Decoder.ContextLength)
        {
            return new VerificationCheck("infill", false, $"the smoke text ({ids.Length} tokens) does not fit the package context; export with a longer --context");
        }
        int[] masks = [.. Enumerable.Range(0, ids.Length).Where(i => ids[i] == v.MaskId)];
        if (masks.Length == 0)
        {
            return new VerificationCheck("infill", false, $"{v.Tokenizer}: '{maskToken}' does not encode to mask_id {v.MaskId}; the package tokenizer does not match the manifest");
        }

        // Encoder: [CLS] x'_1..x'_n [SEP]; x_i sits at stream index i + 1 (0-based i). -> u [1, n + 2, d_mlm]
        int dMlm = manifest.Encoder.HiddenSize;
        float[] mlmHidden = RunEncoder(encoder, [v.ClsId, .. ids, v.SepId], masks[0] + 1, dMlm, v.SharedSize, runOptions, out float[] mlmLogits);

        // Decoder: [BOS] x_1..x_n with the cache; chunk k ends just before mask k.
        using var stepper = new DecoderStepper(decoder, manifest);
        long[] filled = (long[])ids.Clone();
        int fed = 0; // AR stream tokens already in the cache; AR stream index j holds x_j (1-based), index 0 is BOS.
        bool finite = mlmLogits.All(float.IsFinite);
        foreach (int mask in masks)
        {
            // Feed AR stream indices fed .. mask (x_{mask} is 0-based ids[mask - 1]); the last one predicts ids[mask].
            long[] chunk = [.. Enumerable.Range(fed, mask + 1 - fed).Select(j => j == 0 ? (long)v.BosId : filled[j - 1])];
            float[] row = mlmHidden[((mask + 1) * dMlm)..((mask + 2) * dMlm)];
            var (logits, arLogits) = stepper.Run(chunk, [chunk.Length - 1], row, [chunk.Length - 1], runOptions);
            finite &= logits.All(float.IsFinite) && arLogits.All(float.IsFinite);
            filled[mask] = ArgMax(logits);
            fed = mask + 1;
        }
        string output = tokenizer.Decode(filled.Select(id => (int)id)).ReplaceLineEndings(" ");
        return new VerificationCheck("infill", finite, finite
            ? $"greedy fill of {masks.Length} masks: \"{Text}\" -> \"{output}\""
            : $"{manifest.Decoder.File}: the smoke infill produced NaN or infinite logits; the graphs are broken, re-export the package");
    }

    private static float[] RunEncoder(InferenceSession encoder, long[] stream, int logitPosition, int dMlm, int sharedSize, RunOptions runOptions, out float[] mlmLogits)
    {
        var hidden = new float[stream.Length * dMlm];
        mlmLogits = new float[sharedSize];
        using var ids = OrtValue.CreateTensorValueFromMemory(stream, [1, stream.Length]);
        using var mask = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, stream.Length).ToArray(), [1, stream.Length]);
        using var positions = OrtValue.CreateTensorValueFromMemory(new long[] { logitPosition }, [1, 1]);
        using var hiddenValue = OrtValue.CreateTensorValueFromMemory(hidden, [1, stream.Length, dMlm]);
        using var logitsValue = OrtValue.CreateTensorValueFromMemory(mlmLogits, [1, 1, sharedSize]);
        encoder.Run(runOptions, [GraphNames.InputIds, GraphNames.AttentionMask, GraphNames.LogitPositions], [ids, mask, positions],
            [GraphNames.MlmHidden, GraphNames.MlmLogits], [hiddenValue, logitsValue]);
        return hidden;
    }

    private static long ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }
}
