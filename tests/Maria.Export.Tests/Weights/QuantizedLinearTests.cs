using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Export.Tests.Graphs;
using Maria.Export.Tests.Onnx;
using Maria.Export.Weights;

namespace Maria.Export.Tests.Weights;

/// <summary>
/// MatMulNBits (8-bit, block 32) against C# references. K = 80 is not a multiple of the block, so the padded last
/// block is exercised; the weight is packed from two parts as the decoder's q/k/v projection is.
/// </summary>
public sealed class QuantizedLinearTests
{
    private const int In = 80;
    private const int OutA = 16;
    private const int OutB = 8;
    private const int Out = OutA + OutB;
    private const int Rows = 2 * 5;

    private static float[] Run(float[] weightA, float[] weightB, float[] x, int accuracyLevel, out OnnxGraphBuilder builder)
    {
        builder = new OnnxGraphBuilder();
        string input = builder.AddInput("x", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", In);
        var weight = QuantizedLinear.AddWeight(builder, "/model/layers.0/attn/qkv_proj",
            [WeightMatrix.FromArray(weightA, OutA, In, "a"), WeightMatrix.FromArray(weightB, OutB, In, "b")], WeightStorage.Int8);
        QuantizedLinear.AddMatMul(builder, "/model/layers.0/attn/qkv_proj", input, weight, "y", accuracyLevel);
        builder.AddOutput("y", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", Out);
        using var session = OrtTestSession.FromBuilder(builder);
        return session.RunSingle("y", TestTensor.Float("x", x, 2, 5, In));
    }

    /// <summary>The weights MatMulNBits multiplies by: every row quantised then dequantised in C#, [Out, In].</summary>
    private static float[] Dequantized(float[] weight)
    {
        int rows = weight.Length / In, blocks = BlockwiseInt8Quantizer.BlocksPerRow(In);
        var result = new float[weight.Length];
        var bytes = new byte[blocks * BlockwiseInt8Quantizer.BlockSize];
        var scales = new float[blocks];
        for (int r = 0; r < rows; r++)
        {
            BlockwiseInt8Quantizer.QuantizeRow(weight.AsSpan(r * In, In), bytes, scales);
            BlockwiseInt8Quantizer.DequantizeRow(bytes, scales, result.AsSpan(r * In, In));
        }

        return result;
    }

    private static (float[] A, float[] B, float[] X) Data() =>
        (TestData.Random(71, OutA * In, 0.2f), TestData.Random(72, OutB * In, 0.05f), TestData.Random(73, Rows * In));

    [Fact]
    public void Quantized_rows_dequantize_within_half_a_step_and_zero_blocks_stay_zero()
    {
        float[] row = TestData.Random(70, In);
        row.AsSpan(32, 32).Clear();
        var bytes = new byte[96];
        var scales = new float[3];
        var restored = new float[In];

        BlockwiseInt8Quantizer.QuantizeRow(row, bytes, scales);
        BlockwiseInt8Quantizer.DequantizeRow(bytes, scales, restored);

        Assert.Equal(0f, scales[1]);
        Assert.All(Enumerable.Range(0, In), i => Assert.InRange(Math.Abs(restored[i] - row[i]), 0f, scales[i / 32] / 2 * 1.0001f));
        Assert.All(bytes.AsSpan(In).ToArray(), padding => Assert.Equal(128, padding));
        Assert.Equal(row.Take(32).Max(Math.Abs), restored.Take(32).Max(Math.Abs), 6);
    }

    [Fact]
    public void MatMulNBits_with_fp32_compute_equals_x_times_the_dequantized_weights()
    {
        var (a, b, x) = Data();

        float[] actual = Run(a, b, x, accuracyLevel: 0, out var builder);

        float[] reference = ReferenceMath.Linear(x, [.. Dequantized(a), .. Dequantized(b)], null, Out, In);
        TestData.AssertClose(reference, actual, 1e-4f);
        var model = builder.BuildInlineModel();
        var node = Assert.Single(model.Graph.Node);
        Assert.Equal(("MatMulNBits", "com.microsoft"), (node.OpType, node.Domain));
        var packed = model.Graph.Initializer.Single(t => t.Name == "model.layers.0.attn.qkv_proj.MatMulNBits.B");
        Assert.Equal((int)TensorProto.Types.DataType.Uint8, packed.DataType);
        Assert.Equal([Out, 3, 32], packed.Dims);
    }

    [Fact]
    public void MatMulNBits_with_int8_compute_stays_within_activation_rounding_of_the_dequantized_product()
    {
        var (a, b, x) = Data();
        float[] dequantized = [.. Dequantized(a), .. Dequantized(b)];

        float[] actual = Run(a, b, x, QuantizedLinear.Int8ComputeAccuracyLevel, out _);

        // accuracy_level 4 also rounds x to int8 per block of 32 (step max|x_block|/127): each output may move by up to
        // Σ_k |w_k|·step_k/2. Bound that per output and allow it (it is far below the weight quantisation error).
        float[] reference = ReferenceMath.Linear(x, dequantized, null, Out, In);
        for (int r = 0; r < Rows; r++)
        {
            for (int n = 0; n < Out; n++)
            {
                double bound = 1e-4;
                for (int k = 0; k < In; k++)
                {
                    int block = k / 32;
                    float step = x.AsSpan(r * In + block * 32, Math.Min(32, In - block * 32)).ToArray().Max(Math.Abs) / 127f;
                    bound += Math.Abs(dequantized[n * In + k]) * step / 2;
                }

                Assert.InRange(Math.Abs(actual[r * Out + n] - reference[r * Out + n]), 0, bound);
            }
        }

        Assert.True(Enumerable.Range(0, actual.Length).Max(i => Math.Abs(actual[i] - reference[i])) > 0, "int8 compute should not be bit-exact fp32");
    }

    [Fact]
    public void MatMulNBits_stays_within_the_weight_quantization_bound_of_the_fp32_product()
    {
        var (a, b, x) = Data();
        float[] weight = [.. a, .. b];

        float[] actual = Run(a, b, x, accuracyLevel: 0, out _);

        // |w - w_q| ≤ scale/2 = max|w_block|/254 per weight, so |y - y_q| ≤ Σ_k |x_k|·max|w_block(k)|/254.
        float[] exact = ReferenceMath.Linear(x, weight, null, Out, In);
        for (int r = 0; r < Rows; r++)
        {
            for (int n = 0; n < Out; n++)
            {
                double bound = 1e-4;
                for (int k = 0; k < In; k++)
                {
                    int block = k / 32;
                    float maxAbs = weight.AsSpan(n * In + block * 32, Math.Min(32, In - block * 32)).ToArray().Max(Math.Abs);
                    bound += Math.Abs(x[r * In + k]) * maxAbs / 254;
                }

                Assert.InRange(Math.Abs(actual[r * Out + n] - exact[r * Out + n]), 0, bound);
            }
        }

        Assert.True(Enumerable.Range(0, actual.Length).Max(i => Math.Abs(actual[i] - exact[i])) > 1e-5, "8-bit weights should differ from fp32");
    }
}
