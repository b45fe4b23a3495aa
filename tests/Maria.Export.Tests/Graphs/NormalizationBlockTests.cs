using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Export.Tests.Onnx;

namespace Maria.Export.Tests.Graphs;

public class NormalizationBlockTests
{
    private const int Hidden = 32;

    private static float[] Run(Func<OnnxGraphBuilder, string, string> emit, float[] x)
    {
        var builder = new OnnxGraphBuilder();
        string input = builder.AddInput("x", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", Hidden);
        builder.AddNode("/output/Identity", "Identity", OnnxDomains.Standard, [emit(builder, input)], ["y"]);
        builder.AddOutput("y", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", Hidden);
        using var session = OrtTestSession.FromBuilder(builder);
        return session.RunSingle("y", TestTensor.Float("x", x, 2, 5, Hidden));
    }

    [Fact]
    public void LayerNorm_without_scale_is_OLMo_v1_parameter_free_norm_with_epsilon_1e5()
    {
        // A shifted, scaled input makes mean subtraction matter.
        float[] x = TestData.Random(51, 2 * 5 * Hidden, 3f).Select(value => value + 2f).ToArray();

        float[] actual = Run((g, input) => NormalizationBlock.AddLayerNormWithoutScale(g, "/model/layers.0/attn_norm", input, Hidden), x);

        TestData.AssertClose(ReferenceMath.LayerNorm(x, Hidden, null, 1e-5), actual, 1e-5f);
    }

    [Fact]
    public void LayerNorm_with_scale_only_is_ModernBERT_norm()
    {
        float[] x = TestData.Random(52, 2 * 5 * Hidden, 2f);
        float[] gamma = TestData.Random(53, Hidden);

        float[] actual = Run((g, input) => NormalizationBlock.AddLayerNorm(g, "/model/layers.1/attn_norm", input, gamma), x);

        TestData.AssertClose(ReferenceMath.LayerNorm(x, Hidden, gamma, 1e-5), actual, 1e-5f);
    }

    [Fact]
    public void RmsNorm_via_SimplifiedLayerNormalization_is_Llama_norm()
    {
        float[] x = TestData.Random(54, 2 * 5 * Hidden, 2f).Select(value => value + 1f).ToArray();
        float[] gamma = TestData.Random(55, Hidden);

        float[] actual = Run((g, input) => NormalizationBlock.AddRmsNorm(g, "/model/layers.0/input_layernorm", input, gamma, 1e-6f), x);

        TestData.AssertClose(ReferenceMath.RmsNorm(x, Hidden, gamma, 1e-6), actual, 1e-5f);
    }
}
