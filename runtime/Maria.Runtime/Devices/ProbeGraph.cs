using System.Text;

namespace Maria.Runtime.Devices;

/// <summary>
/// Two one-node ONNX models serialised by hand from onnx.proto's field numbers (the runtime has no ONNX builder, and
/// these must not depend on a package's graphs): the device probe <c>y = x + x</c> on float [1] (adding forces a real
/// kernel on the provider, so running it allocates device memory and launches work), and the copy graph
/// <c>y = Identity(x)</c> on float [n] that moves KV-cache rows within device memory (<see cref="Inference.DeviceCacheMemory"/>).
/// </summary>
internal static class ProbeGraph
{
    public const string Input = "x";
    public const string Output = "y";

    /// <summary>ModelProto bytes of <c>y = x + x</c>, x float [1]: IR version 10, opset 21, graph "maria_device_probe".</summary>
    public static byte[] Bytes { get; } = Build("maria_device_probe", "Add", [Input, Input], Message(Varint(1, 1)));

    /// <summary>ModelProto bytes of <c>y = Identity(x)</c>, x float [n]: a device-side copy when both are bound in device memory.</summary>
    public static byte[] CopyBytes { get; } = Build("maria_device_copy", "Identity", [Input], Message(Text(2, "n")));

    private static byte[] Build(string name, string operatorType, string[] inputs, byte[] dimension)
    {
        byte[] floatVector = TensorType(dimension);
        byte[] node = Message([
            .. inputs.Select(input => Text(1, input)), // NodeProto.input
            Text(2, Output),                     // NodeProto.output
            Text(3, name + "_node"),             // NodeProto.name
            Text(4, operatorType)]);             // NodeProto.op_type
        byte[] graph = Message(
            Field(1, node),                      // GraphProto.node
            Text(2, name),                       // GraphProto.name
            Field(11, Message(Text(1, Input), Field(2, floatVector))),   // GraphProto.input: ValueInfoProto{name, type}
            Field(12, Message(Text(1, Output), Field(2, floatVector)))); // GraphProto.output
        byte[] opset = Message(Text(1, ""), Varint(2, 21));           // OperatorSetIdProto{domain, version}
        return Message(
            Varint(1, 10),                       // ModelProto.ir_version
            Field(7, graph),                     // ModelProto.graph
            Field(8, opset));                    // ModelProto.opset_import
    }

    /// <summary>TypeProto{tensor_type: {elem_type: FLOAT, shape: [dimension]}}; dimension is dim_value (1) or dim_param (2).</summary>
    private static byte[] TensorType(byte[] dimension)
    {
        byte[] shape = Message(Field(1, dimension));                 // TensorShapeProto.dim
        byte[] tensor = Message(Varint(1, 1), Field(2, shape));      // TypeProto.Tensor{elem_type = 1 (FLOAT), shape}
        return Message(Field(1, tensor));                            // TypeProto.tensor_type
    }

    private static byte[] Message(params byte[][] fields) => [.. fields.SelectMany(f => f)];

    private static byte[] Text(int field, string value) => Field(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A length-delimited field (wire type 2).</summary>
    private static byte[] Field(int field, byte[] payload) => [.. VarintBytes((ulong)(field << 3 | 2)), .. VarintBytes((ulong)payload.Length), .. payload];

    /// <summary>A varint field (wire type 0).</summary>
    private static byte[] Varint(int field, long value) => [.. VarintBytes((ulong)(field << 3)), .. VarintBytes((ulong)value)];

    private static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            byte low = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? low : (byte)(low | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }
}
