using System.Text;

namespace Maria.Runtime.Devices;

/// <summary>
/// The smallest ONNX model a device probe can run: <c>y = x + x</c> on float [1], serialised by hand from onnx.proto's
/// field numbers (the runtime has no ONNX builder, and a probe must not depend on a package's graphs). Adding forces a
/// real kernel on the provider (an Identity could be elided), so running it allocates device memory and launches work.
/// </summary>
internal static class ProbeGraph
{
    public const string Input = "x";
    public const string Output = "y";

    /// <summary>ModelProto bytes: IR version 10, opset 21, graph "maria_device_probe".</summary>
    public static byte[] Bytes { get; } = Build();

    private static byte[] Build()
    {
        byte[] floatOne = TensorType();
        byte[] node = Message(
            Text(1, Input), Text(1, Input),      // NodeProto.input
            Text(2, Output),                     // NodeProto.output
            Text(3, "probe_add"),                // NodeProto.name
            Text(4, "Add"));                     // NodeProto.op_type
        byte[] graph = Message(
            Field(1, node),                      // GraphProto.node
            Text(2, "maria_device_probe"),       // GraphProto.name
            Field(11, Message(Text(1, Input), Field(2, floatOne))),   // GraphProto.input: ValueInfoProto{name, type}
            Field(12, Message(Text(1, Output), Field(2, floatOne)))); // GraphProto.output
        byte[] opset = Message(Text(1, ""), Varint(2, 21));           // OperatorSetIdProto{domain, version}
        return Message(
            Varint(1, 10),                       // ModelProto.ir_version
            Field(7, graph),                     // ModelProto.graph
            Field(8, opset));                    // ModelProto.opset_import
    }

    /// <summary>TypeProto{tensor_type: {elem_type: FLOAT, shape: [1]}}.</summary>
    private static byte[] TensorType()
    {
        byte[] dimension = Message(Varint(1, 1));                    // TensorShapeProto.Dimension.dim_value = 1
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
