using Maria.Export.Checkpoints;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Tests.Onnx;
using Maria.Export.Packaging;
using Maria.Runtime.Inference;
using Maria.Runtime.Packaging;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Maria.Export.Tests.Architectures.Causal;

public sealed class CausalDecoderGraphContractTests
{
    private const int Tokens = 7;

    private static long[] Ids(int count, int salt) => Enumerable.Range(0, count).Select(i => (long)((i * 5 + salt * 3 + 1) % DecoderExports.SharedVocabulary)).ToArray();

    private static long[] AllPositions(int count) => Enumerable.Range(0, count).Select(i => (long)i).ToArray();

    [Fact]
    public void Decoder_inputs_are_named_and_typed_as_the_graph_contract_says()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Olmo());
        var (manifest, path) = exports.ExportProduct();
        using var session = new DecoderGraphHarness(path, manifest, DecoderExports.SharedVocabulary, exports.MlmConfig.HiddenSize);
        var inputs = session.Session.InputMetadata;

        string[] expected =
        [
            GraphNames.InputIds, GraphNames.AttentionMask, GraphNames.PositionIds, GraphNames.LogitPositions, GraphNames.DecoderMlmRows, GraphNames.ArLogitPositions,
            GraphNames.PastKey(0), GraphNames.PastValue(0), GraphNames.PastKey(1), GraphNames.PastValue(1),
        ];
        Assert.Equal(expected.Order(), inputs.Keys.Order());
        foreach (string name in new[] { GraphNames.InputIds, GraphNames.AttentionMask, GraphNames.PositionIds })
        {
            Assert.Equal(TensorElementType.Int64, inputs[name].ElementDataType);
            Assert.Equal(2, inputs[name].Dimensions.Length);
        }

        foreach (string name in new[] { GraphNames.LogitPositions, GraphNames.ArLogitPositions })
        {
            Assert.Equal(TensorElementType.Int64, inputs[name].ElementDataType);
            Assert.Single(inputs[name].Dimensions);  // flat indices b·S + s
        }

        Assert.Equal(TensorElementType.Float, inputs[GraphNames.DecoderMlmRows].ElementDataType);
        Assert.Equal(exports.MlmConfig.HiddenSize, inputs[GraphNames.DecoderMlmRows].Dimensions[1]);
        Assert.Equal(TensorElementType.Float, inputs[GraphNames.PastKey(1)].ElementDataType);
        Assert.Equal([-1, 2, -1, 16], inputs[GraphNames.PastKey(1)].Dimensions);
    }

    [Fact]
    public void Decoder_outputs_are_named_and_typed_as_the_graph_contract_says()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Olmo());
        var (manifest, path) = exports.ExportProduct();
        using var session = new DecoderGraphHarness(path, manifest, DecoderExports.SharedVocabulary, exports.MlmConfig.HiddenSize);
        var outputs = session.Session.OutputMetadata;

        string[] expected =
        [
            GraphNames.Logits, GraphNames.ArLogits, GraphNames.ArHidden,
            GraphNames.PresentKey(0), GraphNames.PresentValue(0), GraphNames.PresentKey(1), GraphNames.PresentValue(1),
        ];
        Assert.Equal(expected.Order(), outputs.Keys.Order());
        Assert.All(outputs.Values, metadata => Assert.Equal(TensorElementType.Float, metadata.ElementDataType));
        Assert.Equal(DecoderExports.SharedVocabulary, outputs[GraphNames.Logits].Dimensions[1]);
        Assert.Equal([-1, 1, DecoderExports.SharedVocabulary], outputs[GraphNames.ArLogits].Dimensions);
        Assert.Equal(exports.Config.HiddenSize, outputs[GraphNames.ArHidden].Dimensions[1]);
        Assert.Equal([-1, 2, -1, 16], outputs[GraphNames.PresentValue(0)].Dimensions);
    }

    [Fact]
    public void Manifest_records_the_static_cache_layout_context_heads_and_names_by_role()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Llama());
        var (manifest, _) = exports.ExportProduct(contextLength: 20);

        Assert.Equal("decoder.onnx", manifest.File);
        Assert.Equal("LlamaForCausalLM", manifest.Architecture);
        Assert.Equal(GraphRoles.StaticCacheLayout, manifest.KeyValueLayout);
        Assert.Equal(20, manifest.ContextLength);
        Assert.Equal((32, 2, 4, 2, 16), (manifest.HiddenSize, manifest.NumLayers, manifest.NumAttentionHeads, manifest.NumKeyValueHeads, manifest.HeadDim));
        Assert.Equal("fp32", manifest.Weights);
        Assert.Equal("past_key_values.{i}.key", manifest.Inputs["past_key"]);
        Assert.Equal(GraphNames.DecoderMlmRows, manifest.Inputs["mlm_hidden"]);
        Assert.Equal("present.{i}.value", manifest.Outputs["present_value"]);
        Assert.Equal(GraphNames.PositionIds, manifest.Inputs["position_ids"]);
        Assert.Equal(GraphNames.ArLogits, manifest.Outputs["ar_logits"]);
    }

    [Fact]
    public void Ar_logits_are_the_final_states_times_the_shared_rows_of_the_output_matrix()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Olmo(tied: false));
        var (manifest, path) = exports.ExportProduct();
        using var session = new DecoderGraphHarness(path, manifest, DecoderExports.SharedVocabulary, exports.MlmConfig.HiddenSize);
        int d = exports.Config.HiddenSize, dMlm = exports.MlmConfig.HiddenSize;

        var result = session.Run(Ids(Tokens, 1), AllPositions(Tokens), new float[Tokens * dMlm], AllPositions(Tokens));

        float[] expected = ReferenceHead.Multiply(result.Hidden, Tokens, d, exports.OutputMatrix, DecoderExports.SharedVocabulary);
        TestData.AssertClose(expected, result.ArLogits, 1e-4f);
        Assert.True(result.ArLogits.Max(MathF.Abs) > 0.1f, "the logits should not be trivially small");
    }

    [Fact]
    public void Without_requested_positions_the_head_outputs_are_empty_and_the_cache_still_fills()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Olmo());
        var (manifest, path) = exports.ExportProduct();
        using var withHead = new DecoderGraphHarness(path, manifest, DecoderExports.SharedVocabulary, exports.MlmConfig.HiddenSize);
        using var withoutHead = new DecoderGraphHarness(path, manifest, DecoderExports.SharedVocabulary, exports.MlmConfig.HiddenSize);
        int dMlm = exports.MlmConfig.HiddenSize;
        long[] prompt = Ids(5, 2);

        var empty = withoutHead.Run(prompt, [], [], []);
        withHead.Run(prompt, [], [], []);
        var next = withoutHead.Run([7], [0], new float[dMlm], [0]);
        long[] full = [.. prompt, 7];
        var reference = new DecoderGraphHarness(path, manifest, DecoderExports.SharedVocabulary, exports.MlmConfig.HiddenSize);
        using (reference)
        {
            var whole = reference.Run(full, [5], new float[dMlm], [5]);
            Assert.Empty(empty.Logits);
            Assert.Empty(empty.ArLogits);
            Assert.Empty(empty.Hidden);
            TestData.AssertClose(whole.ArLogits, next.ArLogits, 1e-4f);
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    public void Stepwise_decoding_on_the_shared_cache_equals_the_full_forward(int headDim)
    {
        using var exports = new DecoderExports(TinyCheckpoints.Llama(headDim));
        var (manifest, path) = exports.ExportProduct();
        int dMlm = exports.MlmConfig.HiddenSize, total = 11;
        long[] ids = Ids(total, 3);
        using var full = new DecoderGraphHarness(path, manifest, DecoderExports.SharedVocabulary, exports.MlmConfig.HiddenSize);
        var whole = full.Run(ids, [], [], AllPositions(total));

        using var stepwise = new DecoderGraphHarness(path, manifest, DecoderExports.SharedVocabulary, exports.MlmConfig.HiddenSize);
        var pieces = new List<float>();
        int start = 0;
        foreach (int count in new[] { 4, 3, 1, 1, 1, 1 })
        {
            var step = stepwise.Run(ids[start..(start + count)], [], [], AllPositions(count));
            pieces.AddRange(step.ArLogits);
            start += count;
        }

        TestData.AssertClose(whole.ArLogits, pieces.ToArray(), 1e-4f);
    }

    [Fact]
    public void Each_row_of_a_ragged_batch_gets_the_results_of_its_own_sequence()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Olmo(clipQkv: 0.4));
        var (manifest, path) = exports.ExportProduct();
        int dMlm = exports.MlmConfig.HiddenSize, v = DecoderExports.SharedVocabulary, d = exports.Config.HiddenSize;
        long[] first = Ids(Tokens, 4), second = Ids(Tokens - 2, 9);
        float[] u = TestData.Random(5, 2 * dMlm);

        // Slot 1 first reads 3 tokens alone (slot 0 takes part with padding only), then both rows advance together by
        // chunks of different lengths from different past lengths.
        using var batch = new DecoderGraphHarness(path, manifest, v, dMlm, slots: 2);
        batch.RunChunks([DecoderChunk.Prefill(1, second.AsMemory(0, 3))]);
        var both = batch.RunChunks([
            new DecoderChunk(0, first, [6, 2], u, [1]),
            new DecoderChunk(1, second.AsMemory(3), [1], u.AsMemory(dMlm), [0, 1])]);

        using var one = new DecoderGraphHarness(path, manifest, v, dMlm);
        var alone = one.Run(first, [6, 2], u, [1]);
        TestData.AssertClose(alone.Logits, both.Logits.AsSpan(0, 2 * v), 1e-4f);
        TestData.AssertClose(alone.ArLogits, both.ArLogits.AsSpan(0, v), 1e-4f);
        TestData.AssertClose(alone.Hidden, both.HiddenStates.AsSpan(0, 2 * d), 1e-4f);

        using var other = new DecoderGraphHarness(path, manifest, v, dMlm);
        var whole = other.Run(second, [4], u[dMlm..], [3, 4]);
        TestData.AssertClose(whole.Logits, both.Logits.AsSpan(2 * v), 1e-4f);
        TestData.AssertClose(whole.ArLogits, both.ArLogits.AsSpan(v), 1e-4f);
        Assert.Equal((7, 5), (batch.Cache.Length(0), batch.Cache.Length(1)));
    }

    [Fact]
    public void Float16_weights_store_half_the_bytes_and_stay_close_to_float32()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Olmo());
        var (manifest32, path32) = exports.ExportProduct();
        var (manifest16, path16) = exports.ExportProduct(storage: WeightStorage.Float16, name: "decoder16.onnx");
        int dMlm = exports.MlmConfig.HiddenSize;
        long[] ids = Ids(Tokens, 6);

        using var session32 = new DecoderGraphHarness(path32, manifest32, DecoderExports.SharedVocabulary, exports.MlmConfig.HiddenSize);
        using var session16 = new DecoderGraphHarness(path16, manifest16, DecoderExports.SharedVocabulary, exports.MlmConfig.HiddenSize);
        var full = session32.Run(ids, [], [], AllPositions(Tokens));
        var half = session16.Run(ids, [], [], AllPositions(Tokens));

        Assert.Equal("fp16", manifest16.Weights);
        // Weight matrices (initialisers of 1,024 values or more) take half the bytes; the graph's small constants stay fp32.
        long weights32 = WeightBytes(path32), weights16 = WeightBytes(path16);
        Assert.True(weights16 <= 0.5 * weights32 + 1024, $"fp16 weights take {weights16} bytes, fp32 {weights32}: they should halve");
        TestData.AssertClose(full.ArLogits, half.ArLogits, 2e-2f);
    }
    [Fact]
    public void A_half_precision_checkpoint_gives_the_same_outputs_as_the_same_values_in_float32()
    {
        using var half = new DecoderExports(TinyCheckpoints.Llama(), seed: 3, storeAs: SafetensorsDType.F16);
        using var widened = new DecoderExports(TinyCheckpoints.Llama(), seed: 3, roundToHalf: true);
        var (halfManifest, halfPath) = half.ExportProduct();
        var (wideManifest, widePath) = widened.ExportProduct();
        int dMlm = half.MlmConfig.HiddenSize;
        using var halfSession = new DecoderGraphHarness(halfPath, halfManifest, DecoderExports.SharedVocabulary, dMlm);
        using var wideSession = new DecoderGraphHarness(widePath, wideManifest, DecoderExports.SharedVocabulary, dMlm);

        var fromHalf = halfSession.Run(Ids(Tokens, 8), [], [], AllPositions(Tokens));
        var fromWide = wideSession.Run(Ids(Tokens, 8), [], [], AllPositions(Tokens));

        using var halfFile = SafetensorsFile.Open(Path.Combine(half.ArDirectory, "model.safetensors"));
        Assert.Equal(SafetensorsDType.F16, halfFile.GetInfo("model.layers.0.self_attn.q_proj.weight").DType);
        TestData.AssertClose(fromWide.ArLogits, fromHalf.ArLogits, 1e-6f);
    }

    private static long WeightBytes(string path)
    {
        var model = Maria.Export.Onnx.Proto.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        return model.Graph.Initializer.Where(t => t.Dims.Aggregate(1L, (a, b) => a * b) >= 1024).Sum(t => (long)t.RawData.Length);
    }
}
