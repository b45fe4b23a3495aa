using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Export.Tests.Onnx;

namespace Maria.Export.Tests.Graphs;

public class ActivationBlockTests
{
    private const int Width = 16;

    private static float[] Run(Func<OnnxGraphBuilder, string, string> emit, float[] x, int outWidth)
    {
        var builder = new OnnxGraphBuilder();
        string input = builder.AddInput("x", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", x.Length / 6);
        builder.AddNode("/output/Identity", "Identity", OnnxDomains.Standard, [emit(builder, input)], ["y"]);
        builder.AddOutput("y", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", outWidth);
        using var session = OrtTestSession.FromBuilder(builder);
        return session.RunSingle("y", TestTensor.Float("x", x, 2, 3, x.Length / 6));
    }

    [Fact]
    public void Gelu_is_the_exact_erf_form_not_the_tanh_approximation()
    {
        float[] x = TestData.Random(61, 6 * Width, 5f);

        float[] actual = Run((g, input) => ActivationBlock.AddGelu(g, "/model/mlp/act", input), x, Width);

        TestData.AssertClose(x.Select(v => (float)ReferenceMath.Gelu(v)).ToArray(), actual, 1e-5f);
    }

    [Fact]
    public void Silu_is_x_times_sigmoid_x()
    {
        float[] x = TestData.Random(62, 6 * Width, 6f);

        float[] actual = Run((g, input) => ActivationBlock.AddSilu(g, "/model/mlp/act", input), x, Width);

        TestData.AssertClose(x.Select(v => (float)ReferenceMath.Silu(v)).ToArray(), actual, 1e-5f);
    }

    [Fact]
    public void GeGlu_activates_the_first_half_and_gates_with_the_second_half()
    {
        float[] z = TestData.Random(63, 6 * 2 * Width, 3f);

        float[] actual = Run((g, input) => ActivationBlock.AddGeGlu(g, "/model/layers.0/mlp", input), z, Width);

        var expected = new float[6 * Width];
        for (int row = 0; row < 6; row++)
        {
            for (int i = 0; i < Width; i++)
            {
                expected[row * Width + i] = (float)(ReferenceMath.Gelu(z[row * 2 * Width + i]) * z[row * 2 * Width + Width + i]);
            }
        }

        TestData.AssertClose(expected, actual, 1e-5f);
    }

    [Fact]
    public void SwiGlu_is_silu_of_gate_times_up()
    {
        float[] gate = TestData.Random(64, 6 * Width, 3f);
        float[] up = TestData.Random(65, 6 * Width, 3f);
        var builder = new OnnxGraphBuilder();
        string gateInput = builder.AddInput("gate", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", Width);
        string upInput = builder.AddInput("up", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", Width);
        string y = ActivationBlock.AddSwiGlu(builder, "/model/layers.0/mlp", gateInput, upInput);
        builder.AddNode("/output/Identity", "Identity", OnnxDomains.Standard, [y], ["y"]);
        builder.AddOutput("y", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", Width);
        using var session = OrtTestSession.FromBuilder(builder);

        float[] actual = session.RunSingle("y", TestTensor.Float("gate", gate, 2, 3, Width), TestTensor.Float("up", up, 2, 3, Width));

        TestData.AssertClose(gate.Zip(up, (g, u) => (float)(ReferenceMath.Silu(g) * u)).ToArray(), actual, 1e-5f);
    }
}
