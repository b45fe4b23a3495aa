using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;

namespace Maria.Export.Tests.Onnx;

public class GraphRunTests
{
    private const int InDim = 8;
    private const int OutDim = 5;

    internal static OnnxGraphBuilder BuildLinearSoftmax(float[] weight, float[] bias, bool float16Weight = false)
    {
        var builder = new OnnxGraphBuilder("linear_softmax");
        string x = builder.AddInput("x", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", InDim);
        string w;
        if (float16Weight)
        {
            string stored = builder.AddFloat16Initializer("proj.weight", weight, InDim, OutDim);
            w = builder.AddNode("/proj/weight/Cast", "Cast", [stored], OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Float));
        }
        else
        {
            w = builder.AddFloatInitializer("proj.weight", weight, InDim, OutDim);
        }

        string b = builder.AddFloatInitializer("proj.bias", bias, OutDim);
        string projected = builder.AddNode("/proj/MatMul", "MatMul", [x, w]);
        string shifted = builder.AddNode("/proj/Add", "Add", [projected, b]);
        builder.AddNode("/Softmax", "Softmax", OnnxDomains.Standard, [shifted], ["probs"], OnnxAttribute.Int("axis", -1));
        builder.AddOutput("probs", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", OutDim);
        return builder;
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(1, 7)]
    public void MatMul_Add_Softmax_with_symbolic_batch_and_sequence_matches_direct_computation(int batch, int sequence)
    {
        float[] weight = TestData.Random(1, InDim * OutDim);
        float[] bias = TestData.Random(2, OutDim);
        float[] x = TestData.Random(3, batch * sequence * InDim, 2f);
        using var session = OrtTestSession.FromBuilder(BuildLinearSoftmax(weight, bias));

        var outputs = session.Run(["probs"], TestTensor.Float("x", x, batch, sequence, InDim));

        Assert.Equal([batch, sequence, OutDim], outputs["probs"].Shape);
        TestData.AssertClose(ReferenceLinearSoftmax.Compute(x, weight, bias, InDim, OutDim), outputs["probs"].Values, 1e-6f);
    }

    [Fact]
    public void Float16_stored_initializer_cast_once_to_float32_gives_the_rounded_weights_numbers()
    {
        float[] weight = TestData.Random(4, InDim * OutDim);
        float[] bias = TestData.Random(5, OutDim);
        float[] x = TestData.Random(6, 2 * 4 * InDim);
        var builder = BuildLinearSoftmax(weight, bias, float16Weight: true);
        using var session = OrtTestSession.FromBuilder(builder);

        float[] actual = session.RunSingle("probs", TestTensor.Float("x", x, 2, 4, InDim));

        // The graph computes with the fp16-rounded weights, exactly; the unrounded weights differ visibly.
        float[] rounded = weight.Select(value => (float)(Half)value).ToArray();
        TestData.AssertClose(ReferenceLinearSoftmax.Compute(x, rounded, bias, InDim, OutDim), actual, 1e-6f);
        Assert.Equal(InDim * OutDim * 2 + OutDim * 4, builder.InitializerBytes);
    }

    [Fact]
    public void Model_carries_ir_version_10_producer_and_default_opset_imports()
    {
        var model = BuildLinearSoftmax(new float[InDim * OutDim], new float[OutDim]).BuildInlineModel();

        Assert.Equal(10, model.IrVersion);
        Assert.Equal("maria-export", model.ProducerName);
        Assert.Contains(model.OpsetImport, opset => opset.Domain == "" && opset.Version == 21);
        Assert.Contains(model.OpsetImport, opset => opset.Domain == "com.microsoft" && opset.Version == 1);
        Assert.Equal(["/proj/MatMul", "/proj/Add", "/Softmax"], model.Graph.Node.Select(node => node.Name));
        Assert.Equal("/proj/MatMul/output_0", model.Graph.Node[0].Output[0]);
    }

    [Fact]
    public void Tensor_and_ints_attributes_are_understood_by_ORT()
    {
        var builder = new OnnxGraphBuilder();
        string x = builder.AddInput("x", TensorProto.Types.DataType.Float, 2, 3);
        var fill = new TensorProto { DataType = (int)TensorProto.Types.DataType.Float };
        fill.Dims.Add(1);
        fill.FloatData.Add(0.25f);
        string shape = builder.AddInt64Vector("shape", 3, 2);
        string quarter = builder.AddNode("/ConstantOfShape", "ConstantOfShape", [shape], OnnxAttribute.Tensor("value", fill));
        string transposed = builder.AddNode("/Transpose", "Transpose", [x], OnnxAttribute.Ints("perm", 1, 0));
        builder.AddNode("/Add", "Add", OnnxDomains.Standard, [transposed, quarter], ["y"]);
        builder.AddOutput("y", TensorProto.Types.DataType.Float, 3, 2);
        using var session = OrtTestSession.FromBuilder(builder);

        float[] actual = session.RunSingle("y", TestTensor.Float("x", [1, 2, 3, 4, 5, 6], 2, 3));

        Assert.Equal([1.25f, 4.25f, 2.25f, 5.25f, 3.25f, 6.25f], actual);
    }
}
