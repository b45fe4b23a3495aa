using Maria.Export.Graphs.Blocks;
using Maria.Export.Tests.Onnx;
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
        using var session = new DecoderTestSession(path, manifest, DecoderExports.SharedVocabulary);
        var inputs = session.Session.InputMetadata;

        string[] expected =
        [
            GraphNames.InputIds, GraphNames.AttentionMask, GraphNames.LogitPositions, GraphNames.DecoderMlmRows, GraphNames.ArLogitPositions,
            GraphNames.PastKey(0), GraphNames.PastValue(0), GraphNames.PastKey(1), GraphNames.PastValue(1),
        ];
        Assert.Equal(expected.Order(), inputs.Keys.Order());
        foreach (string name in new[] { GraphNames.InputIds, GraphNames.AttentionMask, GraphNames.LogitPositions, GraphNames.ArLogitPositions })
        {
            Assert.Equal(TensorElementType.Int64, inputs[name].ElementDataType);
            Assert.Equal(2, inputs[name].Dimensions.Length);
        }

        Assert.Equal(TensorElementType.Float, inputs[GraphNames.DecoderMlmRows].ElementDataType);
        Assert.Equal(exports.MlmConfig.HiddenSize, inputs[GraphNames.DecoderMlmRows].Dimensions[2]);
        Assert.Equal(TensorElementType.Float, inputs[GraphNames.PastKey(1)].ElementDataType);
        Assert.Equal([-1, 2, -1, 16], inputs[GraphNames.PastKey(1)].Dimensions);
    }

    [Fact]
    public void Decoder_outputs_are_named_and_typed_as_the_graph_contract_says()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Olmo());
        var (manifest, path) = exports.ExportProduct();
        using var session = new DecoderTestSession(path, manifest, DecoderExports.SharedVocabulary);
        var outputs = session.Session.OutputMetadata;

        string[] expected =
        [
            GraphNames.Logits, GraphNames.ArLogits, GraphNames.ArHidden,
            GraphNames.PresentKey(0), GraphNames.PresentValue(0), GraphNames.PresentKey(1), GraphNames.PresentValue(1),
        ];
        Assert.Equal(expected.Order(), outputs.Keys.Order());
        Assert.All(outputs.Values, metadata => Assert.Equal(TensorElementType.Float, metadata.ElementDataType));
        Assert.Equal(DecoderExports.SharedVocabulary, outputs[GraphNames.Logits].Dimensions[2]);
        Assert.Equal(DecoderExports.SharedVocabulary, outputs[GraphNames.ArLogits].Dimensions[2]);
        Assert.Equal(exports.Config.HiddenSize, outputs[GraphNames.ArHidden].Dimensions[2]);
        Assert.Equal([-1, 2, -1, 16], outputs[GraphNames.PresentValue(0)].Dimensions);
    }

    [Fact]
    public void Manifest_records_the_shared_buffer_layout_context_heads_and_names_by_role()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Llama());
        var (manifest, _) = exports.ExportProduct(contextLength: 20);

        Assert.Equal("decoder.onnx", manifest.File);
        Assert.Equal("LlamaForCausalLM", manifest.Architecture);
        Assert.Equal(GraphNames.SharedBufferLayout, manifest.KeyValueLayout);
        Assert.Equal(20, manifest.ContextLength);
        Assert.Equal((32, 2, 4, 2, 16), (manifest.HiddenSize, manifest.NumLayers, manifest.NumAttentionHeads, manifest.NumKeyValueHeads, manifest.HeadDim));
        Assert.Equal("fp32", manifest.Weights);
        Assert.Equal("past_key_values.{i}.key", manifest.Inputs["past_key"]);
        Assert.Equal(GraphNames.DecoderMlmRows, manifest.Inputs["mlm_hidden"]);
        Assert.Equal("present.{i}.value", manifest.Outputs["present_value"]);
        Assert.Equal(GraphNames.ArLogits, manifest.Outputs["ar_logits"]);
    }

    [Fact]
    public void Ar_logits_are_the_final_states_times_the_shared_rows_of_the_output_matrix()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Olmo(tied: false));
        var (manifest, path) = exports.ExportProduct();
        using var session = new DecoderTestSession(path, manifest, DecoderExports.SharedVocabulary);
        int d = exports.Config.HiddenSize, dMlm = exports.MlmConfig.HiddenSize;

        var result = session.Run(Ids(Tokens, 1), AllPositions(Tokens), new float[Tokens * dMlm], AllPositions(Tokens), dMlm);

        float[] expected = ReferenceHead.Multiply(result.Hidden, Tokens, d, exports.OutputMatrix, DecoderExports.SharedVocabulary);
        TestData.AssertClose(expected, result.ArLogits, 1e-4f);
        Assert.True(result.ArLogits.Max(MathF.Abs) > 0.1f, "the logits should not be trivially small");
    }

    [Fact]
    public void Without_requested_positions_the_head_outputs_are_empty_and_the_cache_still_fills()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Olmo());
        var (manifest, path) = exports.ExportProduct();
        using var withHead = new DecoderTestSession(path, manifest, DecoderExports.SharedVocabulary);
        using var withoutHead = new DecoderTestSession(path, manifest, DecoderExports.SharedVocabulary);
        int dMlm = exports.MlmConfig.HiddenSize;
        long[] prompt = Ids(5, 2);

        var empty = withoutHead.Run(prompt, [], [], [], dMlm);
        withHead.Run(prompt, [], [], [], dMlm);
        var next = withoutHead.Run([7], [0], new float[dMlm], [0], dMlm);
        long[] full = [.. prompt, 7];
        var reference = new DecoderTestSession(path, manifest, DecoderExports.SharedVocabulary);
        using (reference)
        {
            var whole = reference.Run(full, [5], new float[dMlm], [5], dMlm);
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
        using var full = new DecoderTestSession(path, manifest, DecoderExports.SharedVocabulary);
        var whole = full.Run(ids, [], [], AllPositions(total), dMlm);

        using var stepwise = new DecoderTestSession(path, manifest, DecoderExports.SharedVocabulary);
        var pieces = new List<float>();
        int start = 0;
        foreach (int count in new[] { 4, 3, 1, 1, 1, 1 })
        {
            var step = stepwise.Run(ids[start..(start + count)], [], [], AllPositions(count), dMlm);
            pieces.AddRange(step.ArLogits);
            start += count;
        }

        TestData.AssertClose(whole.ArLogits, pieces.ToArray(), 1e-4f);
    }

    [Fact]
    public void Each_row_of_a_batch_gets_the_results_of_its_own_sequence()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Olmo(clipQkv: 0.4));
        var (manifest, path) = exports.ExportProduct();
        int dMlm = exports.MlmConfig.HiddenSize, v = DecoderExports.SharedVocabulary;
        long[] first = Ids(Tokens, 4), second = Ids(Tokens, 9);
        float[] u = TestData.Random(5, 2 * 2 * dMlm);

        using var batch = new DecoderTestSession(path, manifest, v, batch: 2);
        var both = batch.Run([.. first, .. second], [6, 2, 3, 0], u, [1, 5], dMlm);

        using var one = new DecoderTestSession(path, manifest, v);
        var alone = one.Run(second, [3, 0], u[(2 * dMlm)..], [5], dMlm);
        TestData.AssertClose(alone.Logits, both.Logits.AsSpan(2 * v), 1e-4f);
        TestData.AssertClose(alone.ArLogits, both.ArLogits.AsSpan(v), 1e-4f);
        TestData.AssertClose(alone.Hidden, both.Hidden.AsSpan(2 * exports.Config.HiddenSize), 1e-4f);
    }

    [Fact]
    public void Float16_weights_store_half_the_bytes_and_stay_close_to_float32()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Olmo());
        var (manifest32, path32) = exports.ExportProduct();
        var (manifest16, path16) = exports.ExportProduct(storage: WeightStorage.Float16, name: "decoder16.onnx");
        int dMlm = exports.MlmConfig.HiddenSize;
        long[] ids = Ids(Tokens, 6);

        using var session32 = new DecoderTestSession(path32, manifest32, DecoderExports.SharedVocabulary);
        using var session16 = new DecoderTestSession(path16, manifest16, DecoderExports.SharedVocabulary);
        var full = session32.Run(ids, [], [], AllPositions(Tokens), dMlm);
        var half = session16.Run(ids, [], [], AllPositions(Tokens), dMlm);

        Assert.Equal("fp16", manifest16.Weights);
        Assert.True(new FileInfo(path16).Length < 0.6 * new FileInfo(path32).Length, "fp16 weights should halve the file");
        TestData.AssertClose(full.ArLogits, half.ArLogits, 2e-2f);
    }
}
