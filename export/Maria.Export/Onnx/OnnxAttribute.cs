using Google.Protobuf;
using Maria.Export.Onnx.Proto;

namespace Maria.Export.Onnx;

/// <summary>
/// Factories for node attributes: each sets the value field and the matching <c>type</c>, which ONNX
/// Runtime requires (an attribute without its type is rejected at load).
/// </summary>
public static class OnnxAttribute
{
    /// <summary>An INT attribute, e.g. <c>axis = -1</c>.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A FLOAT attribute, e.g. <c>epsilon = 1e-5</c>.</summary>
    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A STRING attribute (UTF-8), e.g. <c>approximate = "none"</c>.</summary>
    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>An INTS attribute, e.g. <c>perm = [0, 2, 1, 3]</c>.</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A FLOATS attribute.</summary>
    public static AttributeProto Floats(string name, params float[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        attribute.Floats.AddRange(values);
        return attribute;
    }

    /// <summary>A TENSOR attribute, e.g. the <c>value</c> of Constant or ConstantOfShape.</summary>
    public static AttributeProto Tensor(string name, TensorProto value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };
}
