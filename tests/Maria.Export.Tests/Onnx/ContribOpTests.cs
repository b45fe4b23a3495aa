using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;

namespace Maria.Export.Tests.Onnx;

public class ContribOpTests
{
    [Fact]
    public void Com_microsoft_SkipSimplifiedLayerNormalization_runs_and_returns_rmsnorm_of_the_residual_sum()
    {
        const int hidden = 16;
        float[] gamma = TestData.Random(31, hidden);
        float[] x = TestData.Random(32, 2 * 3 * hidden);
        float[] skip = TestData.Random(33, 2 * 3 * hidden);
        var builder = new OnnxGraphBuilder();
        string input = builder.AddInput("x", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", hidden);
        string residual = builder.AddInput("skip", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", hidden);
        string scale = builder.AddFloatInitializer("norm.weight", gamma, hidden);
        builder.AddNode("/model/layers.0/skip_norm/SkipSimplifiedLayerNormalization", "SkipSimplifiedLayerNormalization",
            OnnxDomains.Microsoft, [input, residual, scale], ["y", "", "", "sum"], OnnxAttribute.Float("epsilon", 1e-6f));
        builder.AddOutput("y", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", hidden);
        builder.AddOutput("sum", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", hidden);
        using var session = OrtTestSession.FromBuilder(builder);

        var outputs = session.Run(["y", "sum"], TestTensor.Float("x", x, 2, 3, hidden), TestTensor.Float("skip", skip, 2, 3, hidden));

        var sum = x.Zip(skip, (a, b) => a + b).ToArray();
        var expected = new float[sum.Length];
        for (int row = 0; row < sum.Length / hidden; row++)
        {
            var values = sum.AsSpan(row * hidden, hidden);
            double meanSquare = 0;
            foreach (float value in values)
            {
                meanSquare += (double)value * value;
            }

            double inverse = 1 / Math.Sqrt(meanSquare / hidden + 1e-6);
            for (int i = 0; i < hidden; i++)
            {
                expected[row * hidden + i] = (float)(values[i] * inverse * gamma[i]);
            }
        }

        TestData.AssertClose(sum, outputs["sum"].Values, 1e-6f);
        TestData.AssertClose(expected, outputs["y"].Values, 1e-5f);
    }
}
