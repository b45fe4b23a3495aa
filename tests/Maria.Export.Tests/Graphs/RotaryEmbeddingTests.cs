using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Export.Tests.Onnx;

namespace Maria.Export.Tests.Graphs;

public class RotaryEmbeddingTests
{
    [Fact]
    public void Tables_follow_the_float32_inverse_frequency_and_angle_recipe()
    {
        const int headDim = 64;
        var tables = RotaryTables.Compute(headDim, 160000f, 300);

        Assert.Equal(300 * 32, tables.Cos.Length);
        // Position 0: angle 0 everywhere. Frequency 0 (k = 0) has inv_freq exactly 1, so angle = p.
        Assert.All(tables.Cos.AsSpan(0, 32).ToArray(), value => Assert.Equal(1f, value));
        Assert.Equal(MathF.Cos(257f), tables.Cos[257 * 32]);
        // The last frequency: 1 / 160000^(62/64) with the exponent and the power in float32.
        float inverse = 1f / MathF.Pow(160000f, 62f / 64f);
        Assert.Equal(MathF.Sin(299f * inverse), tables.Sin[299 * 32 + 31]);
        // And it agrees with the double-precision formula to float32 accuracy.
        Assert.Equal(Math.Sin(299 / Math.Pow(160000, 62.0 / 64)), tables.Sin[299 * 32 + 31], 1e-6);
    }

    [Fact]
    public void RotaryEmbedding_rotates_half_pairs_at_explicit_position_ids_with_a_past_offset()
    {
        const int heads = 3;
        const int headDim = 16;
        const int seq = 4;
        var tables = RotaryTables.Compute(headDim, 10000f, 64);
        var builder = new OnnxGraphBuilder();
        string x = builder.AddInput("x", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", heads * headDim);
        string positions = builder.AddInput("position_ids", TensorProto.Types.DataType.Int64, "batch_size", "sequence_length");
        var (cos, sin) = RotaryEmbeddingBlock.AddCaches(builder, "/model/rotary_emb", tables);
        string rotated = RotaryEmbeddingBlock.AddRotaryEmbedding(builder, "/model/layers.0/attn/q_rotary", x, positions, cos, sin, heads);
        builder.AddNode("/output/Identity", "Identity", OnnxDomains.Standard, [rotated], ["y"]);
        builder.AddOutput("y", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", heads * headDim);
        using var session = OrtTestSession.FromBuilder(builder);
        float[] input = TestData.Random(71, 2 * seq * heads * headDim);
        // Row 0 continues after 37 cached tokens; row 1 starts fresh.
        long[] ids = [37, 38, 39, 40, 0, 1, 2, 3];

        float[] actual = session.RunSingle("y", TestTensor.Float("x", input, 2, seq, heads * headDim), TestTensor.Int64("position_ids", ids, 2, seq));

        float[] expected = ReferenceAttention.RotateHalf(input, ids, 2, seq, heads, headDim, tables.Cos, tables.Sin);
        TestData.AssertClose(expected, actual, 1e-5f);
    }
}
