using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;

namespace Maria.Export.Tests.Onnx;

public class BuilderNamingTests
{
    [Fact]
    public void Repeated_node_names_and_value_hints_get_numbered_suffixes()
    {
        var builder = new OnnxGraphBuilder();
        string x = builder.AddInput("x", TensorProto.Types.DataType.Float, 3);

        string first = builder.AddNode("/model/layers.0/attn/Relu", "Relu", [x]);
        string second = builder.AddNode("/model/layers.0/attn/Relu", "Relu", [first]);
        string constant = builder.AddFloatScalar("one", 1f);
        string constantAgain = builder.AddFloatScalar("one", 1f);

        Assert.Equal("/model/layers.0/attn/Relu/output_0", first);
        Assert.Equal("/model/layers.0/attn/Relu_1/output_0", second);
        Assert.Equal(("one", "one_1"), (constant, constantAgain));
        Assert.Equal("x_1", builder.UniqueValueName("x"));
    }

    [Fact]
    public void A_node_reading_an_unknown_value_is_rejected_with_the_node_and_value_named()
    {
        var builder = new OnnxGraphBuilder();

        var error = Assert.Throws<ArgumentException>(() => builder.AddNode("/model/Relu", "Relu", ["missing"]));

        Assert.Contains("/model/Relu", error.Message, StringComparison.Ordinal);
        Assert.Contains("'missing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_initializer_whose_bytes_do_not_match_its_shape_is_rejected()
    {
        var builder = new OnnxGraphBuilder();

        var error = Assert.Throws<ArgumentException>(() => builder.AddFloatInitializer("w", new float[5], 2, 3));

        Assert.Contains("needs 24 bytes but the data has 20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_uint8_packs_are_stored_byte_for_byte()
    {
        var builder = new OnnxGraphBuilder();
        byte[] packed = [0x21, 0x43, 0x65, 0x87];
        builder.AddRawInitializer("q.weight.packed", TensorProto.Types.DataType.Uint8, packed, 2, 2);

        var tensor = builder.BuildInlineModel().Graph.Initializer.Single();

        Assert.Equal((int)TensorProto.Types.DataType.Uint8, tensor.DataType);
        Assert.Equal([2L, 2L], tensor.Dims);
        Assert.Equal(packed, tensor.RawData.ToByteArray());
    }

    [Fact]
    public void Declaring_an_output_that_nothing_produces_fails_when_the_model_is_built()
    {
        var builder = new OnnxGraphBuilder("g");
        builder.AddOutput("logits", TensorProto.Types.DataType.Float, "batch_size");

        var error = Assert.Throws<InvalidOperationException>(builder.BuildInlineModel);

        Assert.Contains("'logits'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attributes_carry_their_type_and_int_float_string_lists_and_tensor_values()
    {
        var tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Float };
        tensor.FloatData.Add(0f);

        Assert.Equal(AttributeProto.Types.AttributeType.Int, OnnxAttribute.Int("axis", -1).Type);
        Assert.Equal(1e-5f, OnnxAttribute.Float("epsilon", 1e-5f).F);
        Assert.Equal("none", OnnxAttribute.String("approximate", "none").S.ToStringUtf8());
        Assert.Equal([0L, 2L, 1L, 3L], OnnxAttribute.Ints("perm", 0, 2, 1, 3).Ints);
        Assert.Equal([0.5f, 2f], OnnxAttribute.Floats("scales", 0.5f, 2f).Floats);
        Assert.Equal(AttributeProto.Types.AttributeType.Tensor, OnnxAttribute.Tensor("value", tensor).Type);
    }
}
