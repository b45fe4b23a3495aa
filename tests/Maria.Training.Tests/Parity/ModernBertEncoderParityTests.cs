using System.Globalization;
using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx.Proto;
using Maria.Training.Models.HuggingFace;
using Maria.Training.Models.ModernBert;
using Maria.Training.Tests.Models;
using Xunit.Abstractions;
using static Maria.Training.Tests.Parity.ModernBertParityKit;

namespace Maria.Training.Tests.Parity;

/// <summary>
/// The exported ModernBERT encoder graph, run in ONNX Runtime, against the TorchSharp reference on the same random
/// weights: mlm_hidden at every real position (through the runtime's encoder session) and mlm_logits at chosen positions, within 1e-4 in fp32.
/// </summary>
public sealed class ModernBertEncoderParityTests(ITestOutputHelper output)
{
    // 6 layers, global every 3 (0 and 3 global): two full cycles. Window 8 (±4) over 24 tokens; V_s < V exercises the slice.
    private static ModernBertConfig SmallWindowConfig() => new()
    {
        VocabSize = 64,
        HiddenSize = 32,
        IntermediateSize = 40,
        NumHiddenLayers = 6,
        NumAttentionHeads = 2,
        MaxPositionEmbeddings = 64,
        TieWordEmbeddings = true,
        GlobalAttnEveryNLayers = 3,
        LocalAttention = 8,
        GlobalRopeTheta = 160000.0,
        LocalRopeTheta = 10000.0,
        PadTokenId = 63,
        ClsTokenId = 62,
        BosTokenId = 62,
        SepTokenId = 61,
        EosTokenId = 61,
    };

    // The public window (128, ±64) over 300 tokens; 4 layers: global, local, local, global.
    private static ModernBertConfig DefaultWindowConfig() => SmallWindowConfig() with
    {
        VocabSize = 40,
        HiddenSize = 16,
        IntermediateSize = 24,
        NumHiddenLayers = 4,
        LocalAttention = 128,
        MaxPositionEmbeddings = 512,
        PadTokenId = 39,
        ClsTokenId = 38,
        BosTokenId = 38,
        SepTokenId = 37,
        EosTokenId = 37,
    };

    [Fact]
    public void Six_layers_with_a_small_window_match_torchsharp_on_a_right_padded_batch()
    {
        var config = SmallWindowConfig();
        const int sharedVocabulary = 60, length = 24;
        var (ids, mask) = RightPadded(config, length, 24, 15);
        long[][] positions = [[0, 7, 23], [2, 14, 9]];

        var (hidden, logits) = Compare(config, seed: 41, sharedVocabulary, contextLength: 32, ids, mask, positions);

        output.WriteLine($"small window, 6 layers, T=24: max |diff| mlm_hidden {hidden:G3}, mlm_logits {logits:G3}");
    }

    [Fact]
    public void Default_128_token_window_over_300_tokens_matches_torchsharp()
    {
        var config = DefaultWindowConfig();
        const int length = 300;
        // Row 1 has 230 real tokens: its padded queries from 295 on see only padding inside their ±64 window.
        var (ids, mask) = RightPadded(config, length, 300, 230);
        long[][] positions = [[0, 64, 150, 299], [1, 129, 229, 100]];

        var (hidden, logits) = Compare(config, seed: 42, config.VocabSize, contextLength: 320, ids, mask, positions);

        output.WriteLine($"window 128, 4 layers, T=300: max |diff| mlm_hidden {hidden:G3}, mlm_logits {logits:G3}");
    }

    [Fact]
    public void Every_layer_global_matches_torchsharp()
    {
        var config = SmallWindowConfig() with { NumHiddenLayers = 2, GlobalAttnEveryNLayers = 1 };
        var (ids, mask) = RightPadded(config, 16, 16, 9);
        long[][] positions = [[15], [8]];

        var (hidden, logits) = Compare(config, seed: 45, config.VocabSize, contextLength: 16, ids, mask, positions);

        output.WriteLine($"all global, 2 layers, T=16: max |diff| mlm_hidden {hidden:G3}, mlm_logits {logits:G3}");
    }

    [Fact]
    public void A_bf16_checkpoint_exports_the_values_torchsharp_loads_from_it()
    {
        var config = SmallWindowConfig();
        using var folder = new TemporaryFolder();
        using (var original = new ModernBertForMaskedLM(config))
        {
            ModelTestKit.RandomizeVisibly(original, seed: 46);
            HuggingFaceFolder.Save(original, config, folder.File("checkpoint"), SafetensorsDType.BF16);
        }
        using var loaded = HuggingFaceFolder.Load<ModernBertForMaskedLM>(folder.File("checkpoint"));
        loaded.eval();
        string graph = folder.File("encoder.onnx");
        var manifest = ExportEncoder(folder.File("checkpoint"), graph, config.VocabSize, 32);
        var (ids, mask) = RightPadded(config, 24, 24, 15);
        long[][] positions = [[3], [14]];

        var (hidden, logits) = RunOnnx(graph, manifest, config.VocabSize, config.PadTokenId, ids, mask, positions);
        var (expectedHidden, expectedLogits) = RunTorch(loaded, ids, mask);

        double hiddenDifference = AssertClose(RealRows(expectedHidden, mask, config.HiddenSize), hidden, "mlm_hidden from bf16 weights");
        double logitsDifference = AssertClose(SelectLogits(expectedLogits, 24, config.VocabSize, positions, config.VocabSize), logits, "mlm_logits from bf16 weights");
        output.WriteLine($"bf16 checkpoint: max |diff| mlm_hidden {hiddenDifference:G3}, mlm_logits {logitsDifference:G3}");
    }

    [Fact]
    public void No_logit_positions_give_an_empty_logits_tensor_and_the_same_hidden_states()
    {
        var config = SmallWindowConfig();
        using var folder = new TemporaryFolder();
        using var model = CreateAndSave(config, seed: 43, folder.File("checkpoint"));
        string graph = folder.File("encoder.onnx");
        var manifest = ExportEncoder(folder.File("checkpoint"), graph, sharedVocabularySize: 60, contextLength: 32);
        var (ids, mask) = RightPadded(config, 20, 20, 12);

        var (hidden, logits) = RunOnnx(graph, manifest, 60, config.PadTokenId, ids, mask, [[], []]);

        Assert.Empty(logits);
        Assert.Equal((20 + 12) * 32, hidden.Length);
        var (expectedHidden, _) = RunTorch(model, ids, mask);
        AssertClose(RealRows(expectedHidden, mask, config.HiddenSize), hidden, "mlm_hidden with n = 0");
    }

    [Fact]
    public void Float16_storage_halves_the_weights_and_stays_close_to_float32()
    {
        var config = SmallWindowConfig();
        using var folder = new TemporaryFolder();
        using var model = CreateAndSave(config, seed: 44, folder.File("checkpoint"));
        string fp32 = folder.File("fp32.onnx"), fp16 = folder.File("fp16.onnx");
        var manifest32 = ExportEncoder(folder.File("checkpoint"), fp32, 60, 32, WeightStorage.Float32);
        var manifest16 = ExportEncoder(folder.File("checkpoint"), fp16, 60, 32, WeightStorage.Float16);
        var (ids, mask) = RightPadded(config, 24, 24, 15);
        long[][] positions = [[0, 7, 23], [2, 14, 9]];

        var full = RunOnnx(fp32, manifest32, 60, config.PadTokenId, ids, mask, positions);
        var half = RunOnnx(fp16, manifest16, 60, config.PadTokenId, ids, mask, positions);

        Assert.Equal(("fp32", "fp16"), (manifest32.Weights, manifest16.Weights));
        long bytes32 = WeightBytes(fp32), bytes16 = WeightBytes(fp16);
        Assert.True(bytes16 < 0.6 * bytes32, $"fp16 weights take {bytes16} bytes, fp32 {bytes32}");
        double hidden = MaxDifference(full.Hidden, half.Hidden, out _);
        double logits = MaxDifference(full.Logits, half.Logits, out _);
        double meanHidden = full.Hidden.Zip(half.Hidden, (a, b) => Math.Abs((double)a - b)).Average();
        output.WriteLine($"fp16 vs fp32 storage: max |diff| mlm_hidden {hidden:G3} (mean {meanHidden:G3}, largest |value| {full.Hidden.Max(Math.Abs):G3}), mlm_logits {logits:G3}");
        // Weights ~ N(0, 0.2²) through 6 layers amplify fp16's 2^-11 relative rounding; a wrong cast or layout would be O(1).
        Assert.InRange(hidden, 1e-7, 5e-2);   // non-zero: the weights really were rounded
        Assert.InRange(logits, 1e-7, 5e-2);
        Assert.True(meanHidden < 5e-3, $"mean |diff| of mlm_hidden {meanHidden:G3}");
    }

    /// <summary>Bytes of all initialisers (inline raw data plus external lengths, alignment padding excluded).</summary>
    private static long WeightBytes(string modelPath)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(modelPath));
        return model.Graph.Initializer.Sum(tensor => tensor.DataLocation == TensorProto.Types.DataLocation.External
            ? long.Parse(tensor.ExternalData.Single(entry => entry.Key == "length").Value, CultureInfo.InvariantCulture)
            : tensor.RawData.Length);
    }

    /// <summary>Exports, runs both, asserts closeness of mlm_hidden (all real positions) and mlm_logits; returns the max differences.</summary>
    private static (double Hidden, double Logits) Compare(ModernBertConfig config, long seed, int sharedVocabulary, int contextLength,
        long[][] ids, int[][] mask, long[][] positions)
    {
        using var folder = new TemporaryFolder();
        using var model = CreateAndSave(config, seed, folder.File("checkpoint"));
        string graph = folder.File("encoder.onnx");
        var progress = new List<string>();
        var manifest = ExportEncoder(folder.File("checkpoint"), graph, sharedVocabulary, contextLength, progress: new SynchronousProgress(progress));

        var (hidden, logits) = RunOnnx(graph, manifest, sharedVocabulary, config.PadTokenId, ids, mask, positions);
        var (expectedHidden, expectedLogits) = RunTorch(model, ids, mask);

        int length = ids[0].Length;
        Assert.Equal(mask.Sum(row => row.Sum()) * config.HiddenSize, hidden.Length);
        Assert.Equal(ids.Length * positions[0].Length * sharedVocabulary, logits.Length);
        Assert.Equal(config.NumHiddenLayers, manifest.NumLayers);
        Assert.Contains(progress, line => line.Contains($"layer {config.NumHiddenLayers}/{config.NumHiddenLayers}", StringComparison.Ordinal));
        double hiddenDifference = AssertClose(RealRows(expectedHidden, mask, config.HiddenSize), hidden, "mlm_hidden");
        float[] selected = SelectLogits(expectedLogits, length, config.VocabSize, positions, sharedVocabulary);
        double logitsDifference = AssertClose(selected, logits, "mlm_logits");
        Assert.True(selected.Max(Math.Abs) > 0.5, "the logits are large enough for the comparison to mean something");
        return (hiddenDifference, logitsDifference);
    }

    /// <summary>Collects progress lines on the reporting thread (Progress&lt;T&gt; would post them later).</summary>
    private sealed class SynchronousProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
