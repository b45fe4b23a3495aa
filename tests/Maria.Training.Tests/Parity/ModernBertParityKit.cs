using Maria.Export.Architectures;
using Maria.Export.Architectures.ModernBert;
using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Export.Graphs.Blocks;
using Maria.Runtime.Inference;
using Maria.Runtime.Packaging;
using Maria.Training.Models.HuggingFace;
using Maria.Training.Models.ModernBert;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static Maria.Training.Tests.Models.ModelTestKit;

namespace Maria.Training.Tests.Parity;

/// <summary>
/// The pieces of an encoder parity check: a random-weight TorchSharp ModernBERT saved as a Hugging Face folder, its
/// ONNX export, an ONNX Runtime run of the graph, the TorchSharp forward, and the comparison.
/// </summary>
internal static class ModernBertParityKit
{
    public const double Tolerance = 1e-4;

    /// <summary>A TorchSharp model with visible random weights saved as an F32 Hugging Face folder under <paramref name="folder"/>.</summary>
    public static ModernBertForMaskedLM CreateAndSave(ModernBertConfig config, long seed, string folder)
    {
        var model = new ModernBertForMaskedLM(config);
        RandomizeVisibly(model, seed);
        model.eval();
        HuggingFaceFolder.Save(model, config, folder, SafetensorsDType.F32);
        return model;
    }

    /// <summary>Exports the encoder graph of the checkpoint in <paramref name="folder"/> to <paramref name="outputPath"/>.</summary>
    public static EncoderManifest ExportEncoder(string folder, string outputPath, int sharedVocabularySize, int contextLength,
        WeightStorage storage = WeightStorage.Float32, IProgress<string>? progress = null)
    {
        using var checkpoint = HuggingFaceCheckpoint.Open(folder);
        var builder = ArchitectureRegistry.Encoder(checkpoint.Config.Architecture, folder);
        Assert.IsType<ModernBertEncoderGraphBuilder>(builder);
        return builder.Build(new EncoderBuildRequest(checkpoint, sharedVocabularySize, contextLength, storage, outputPath, progress));
    }

    /// <summary>
    /// Runs the exported graph through the runtime's one encoder session (names from the manifest, right padding done by
    /// the session from the real ids) on one thread: (u at every real position [Σ real, H], mlm_logits [B, n, V_s]).
    /// Padding rows are not returned: a padded row that went non-finite would poison the real rows through attention,
    /// which the real-row comparison catches.
    /// </summary>
    public static (float[] Hidden, float[] Logits) RunOnnx(
        string modelPath, EncoderManifest manifest, int sharedVocabularySize, int padId, long[][] ids, int[][] mask, long[][] positions)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        using var session = new InferenceSession(modelPath, options);
        var encoder = new EncoderSession(session, manifest, sharedVocabularySize, padId, modelPath);
        var requests = ids.Select((row, b) =>
        {
            int real = RealLength(mask[b]);
            return new EncoderRequest(row[..real], [.. Enumerable.Range(0, real)], [.. positions[b].Select(p => (int)p)]);
        }).ToArray();
        var results = encoder.Run(requests, CancellationToken.None);
        return ([.. results.SelectMany(r => r.Rows)], [.. results.SelectMany(r => r.Logits)]);
    }

    /// <summary>The rows of a [B, T, H] reference at real (mask 1) positions: [Σ real, H] flattened.</summary>
    public static float[] RealRows(float[] hidden, int[][] mask, int hiddenSize)
    {
        int length = mask[0].Length;
        var rows = new List<float>();
        for (int b = 0; b < mask.Length; b++)
        {
            rows.AddRange(hidden.AsSpan(b * length * hiddenSize, RealLength(mask[b]) * hiddenSize).ToArray());
        }
        return [.. rows];
    }

    /// <summary>Tokens before the first padding position of a right-padded mask row.</summary>
    private static int RealLength(int[] maskRow)
    {
        int real = Array.IndexOf(maskRow, 0);
        int length = real < 0 ? maskRow.Length : real;
        Assert.True(maskRow.Skip(length).All(v => v == 0), "masks are right-padded");
        return length;
    }

    /// <summary>TorchSharp forward: (u [B, T, H], logits [B, T, V]) flattened row-major.</summary>
    public static (float[] HeadOutput, float[] Logits) RunTorch(ModernBertForMaskedLM model, long[][] ids, int[][] mask)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var (logits, headOutput) = model.forward(Batch(ids), Batch(mask));
        return (headOutput.contiguous().data<float>().ToArray(), logits.contiguous().data<float>().ToArray());
    }

    /// <summary>The reference logits at the requested positions, first <paramref name="sharedVocabulary"/> columns: [B, n, V_s] flattened.</summary>
    public static float[] SelectLogits(float[] logits, int length, int vocabulary, long[][] positions, int sharedVocabulary)
    {
        var selected = new List<float>();
        for (int b = 0; b < positions.Length; b++)
        {
            foreach (long position in positions[b])
            {
                selected.AddRange(logits.AsSpan((int)(((b * length) + position) * vocabulary), sharedVocabulary).ToArray());
            }
        }
        return selected.ToArray();
    }

    /// <summary>Largest |expected − actual|; asserts equal lengths; NaN counts as infinite.</summary>
    public static double MaxDifference(float[] expected, float[] actual, out string firstMismatches, double tolerance = Tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = 0;
        var mismatches = new List<string>();
        for (int i = 0; i < expected.Length; i++)
        {
            double difference = Math.Abs((double)expected[i] - actual[i]);
            max = Math.Max(max, double.IsNaN(difference) ? double.PositiveInfinity : difference);
            if (!(difference <= tolerance) && mismatches.Count < 5)
            {
                mismatches.Add($"[{i}] expected {expected[i]:R} actual {actual[i]:R}");
            }
        }
        firstMismatches = string.Join("; ", mismatches);
        return max;
    }

    /// <summary>Asserts every element within <see cref="Tolerance"/>, naming the first mismatches; returns the max difference.</summary>
    public static double AssertClose(float[] expected, float[] actual, string what)
    {
        double max = MaxDifference(expected, actual, out string mismatches);
        Assert.True(max <= Tolerance, $"{what}: max |difference| {max:G3} > {Tolerance}: {mismatches}");
        return max;
    }

    /// <summary>A right-padded batch: row b has <paramref name="realLengths"/>[b] tokens, then pad ids with mask 0.</summary>
    public static (long[][] Ids, int[][] Mask) RightPadded(ModernBertConfig config, int length, params int[] realLengths)
    {
        var ids = new long[realLengths.Length][];
        var mask = new int[realLengths.Length][];
        for (int b = 0; b < realLengths.Length; b++)
        {
            ids[b] = Tokens(length, config.VocabSize, salt: b + 3);
            mask[b] = new int[length];
            for (int t = 0; t < length; t++)
            {
                bool real = t < realLengths[b];
                mask[b][t] = real ? 1 : 0;
                ids[b][t] = real ? ids[b][t] : config.PadTokenId;
            }
        }
        return (ids, mask);
    }
}
