using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Export.Tests.Onnx;

namespace Maria.Export.Tests.Graphs;

public class LinearBlockTests
{
    private const int In = 12;
    private const int Out = 7;

    private static float[] Run(float[] weight, float[]? bias, WeightStorage storage, float[] x, out OnnxGraphBuilder builder)
    {
        builder = new OnnxGraphBuilder();
        string input = builder.AddInput("x", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", In);
        string y = LinearBlock.AddLinear(builder, "/model/layers.0/attn/q_proj", input, weight, Out, In, storage, bias);
        builder.AddNode("/output/Identity", "Identity", OnnxDomains.Standard, [y], ["y"]);
        builder.AddOutput("y", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", Out);
        using var session = OrtTestSession.FromBuilder(builder);
        return session.RunSingle("y", TestTensor.Float("x", x, 2, 3, In));
    }

    [Fact]
    public void Linear_with_pretransposed_weight_and_bias_equals_x_times_W_transposed_plus_b()
    {
        float[] weight = TestData.Random(41, Out * In);
        float[] bias = TestData.Random(42, Out);
        float[] x = TestData.Random(43, 2 * 3 * In);

        float[] actual = Run(weight, bias, WeightStorage.Float32, x, out var builder);

        TestData.AssertClose(ReferenceMath.Linear(x, weight, bias, Out, In), actual, 1e-5f);
        var model = builder.BuildInlineModel();
        Assert.Equal([(long)In, Out], model.Graph.Initializer.Single(t => t.Name == "model.layers.0.attn.q_proj.MatMul.weight").Dims);
        Assert.Equal("/model/layers.0/attn/q_proj/MatMul", model.Graph.Node[0].Name);
    }

    [Fact]
    public void Linear_with_float16_storage_casts_once_and_matches_the_rounded_weights()
    {
        float[] weight = TestData.Random(44, Out * In);
        float[] x = TestData.Random(45, 2 * 3 * In);

        float[] actual = Run(weight, null, WeightStorage.Float16, x, out var builder);

        float[] rounded = weight.Select(w => (float)(Half)w).ToArray();
        TestData.AssertClose(ReferenceMath.Linear(x, rounded, null, Out, In), actual, 1e-5f);
        var model = builder.BuildInlineModel();
        Assert.Equal(1, model.Graph.Node.Count(node => node.OpType == "Cast"));
        Assert.Equal((int)TensorProto.Types.DataType.Float16, model.Graph.Initializer.Single().DataType);
    }

    [Fact]
    public void Linear_with_int8_storage_is_one_MatMulNBits_plus_bias_within_the_quantization_step()
    {
        float[] weight = TestData.Random(46, Out * In);
        float[] bias = TestData.Random(47, Out);
        float[] x = TestData.Random(48, 2 * 3 * In);

        float[] actual = Run(weight, bias, WeightStorage.Int8, x, out var builder);

        // In = 12 fits one block: each weight moves by at most max|w_row|/254 (output error ≤ Σ|x|·max|w_row|/254) and
        // accuracy_level 4 rounds each x by at most max|x_row|/254 (output error ≤ In·max|w_row|·max|x_row|/254).
        float[] exact = ReferenceMath.Linear(x, weight, bias, Out, In);
        for (int r = 0; r < 6; r++)
        {
            for (int o = 0; o < Out; o++)
            {
                float rowMax = weight.AsSpan(o * In, In).ToArray().Max(Math.Abs);
                float xSum = x.AsSpan(r * In, In).ToArray().Sum(Math.Abs);
                float xMax = x.AsSpan(r * In, In).ToArray().Max(Math.Abs);
                Assert.InRange(Math.Abs(actual[r * Out + o] - exact[r * Out + o]), 0, rowMax * (xSum + In * xMax) / 254 + 1e-4);
            }
        }

        var model = builder.BuildInlineModel();
        Assert.Equal(["MatMulNBits", "Add", "Identity"], model.Graph.Node.Select(node => node.OpType));
    }
}
