using Maria.Export.Onnx.Proto;

namespace Maria.Export.Onnx;

/// <summary>Sizes of ONNX element types, used to check that initialiser bytes match their shapes.</summary>
public static class OnnxDataTypes
{
    /// <summary>Bytes per element of <paramref name="type"/>, or null for types without a fixed size (STRING).</summary>
    public static int? ElementSize(TensorProto.Types.DataType type) => type switch
    {
        TensorProto.Types.DataType.Float => 4,
        TensorProto.Types.DataType.Uint8 => 1,
        TensorProto.Types.DataType.Int8 => 1,
        TensorProto.Types.DataType.Uint16 => 2,
        TensorProto.Types.DataType.Int16 => 2,
        TensorProto.Types.DataType.Int32 => 4,
        TensorProto.Types.DataType.Int64 => 8,
        TensorProto.Types.DataType.Bool => 1,
        TensorProto.Types.DataType.Float16 => 2,
        TensorProto.Types.DataType.Double => 8,
        TensorProto.Types.DataType.Uint32 => 4,
        TensorProto.Types.DataType.Uint64 => 8,
        TensorProto.Types.DataType.Bfloat16 => 2,
        _ => null,
    };

    /// <summary>Number of elements of a tensor with <paramref name="dims"/> (1 for a scalar).</summary>
    public static long ElementCount(IReadOnlyList<long> dims)
    {
        long count = 1;
        foreach (long dim in dims)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim);
            count = checked(count * dim);
        }

        return count;
    }
}
