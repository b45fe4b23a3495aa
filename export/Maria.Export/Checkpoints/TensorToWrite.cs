namespace Maria.Export.Checkpoints;

/// <summary>
/// A tensor for <see cref="SafetensorsWriter"/>. <paramref name="Data"/> is called once, while the file is written,
/// and must return exactly dtype size x product(shape) little-endian bytes; producing data lazily lets huge
/// checkpoints stream to disk one tensor at a time.
/// </summary>
/// <param name="Name">Tensor name; unique within a file or sharded checkpoint.</param>
/// <param name="DType">Element type stored in the file.</param>
/// <param name="Shape">Dimensions, outermost first; empty for a scalar.</param>
/// <param name="Data">Produces the tensor's bytes when the writer reaches it.</param>
public sealed record TensorToWrite(string Name, SafetensorsDType DType, long[] Shape, Func<ReadOnlyMemory<byte>> Data)
{
    /// <summary>Bytes the tensor occupies: dtype size x product of the shape.</summary>
    public long ByteLength
    {
        get
        {
            long bytes = DType.ByteSize();
            foreach (long dimension in Shape)
            {
                bytes = checked(bytes * dimension);
            }
            return bytes;
        }
    }

    /// <summary>
    /// A tensor from fp32 values, stored as F32, F16 or BF16 (rounded to nearest, ties to even, when the file is written).
    /// </summary>
    public static TensorToWrite FromFloat32(string name, long[] shape, float[] values, SafetensorsDType storeAs = SafetensorsDType.F32)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (storeAs is not (SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16))
        {
            throw new ArgumentException($"tensor '{name}': fp32 values can be stored as F32, F16 or BF16, not {storeAs.ToHeaderString()}", nameof(storeAs));
        }
        var tensor = new TensorToWrite(name, storeAs, shape, () =>
        {
            var bytes = new byte[values.Length * storeAs.ByteSize()];
            TensorDataConversion.FromFloat32(values, storeAs, bytes);
            return bytes;
        });
        if (tensor.ByteLength != (long)values.Length * storeAs.ByteSize())
        {
            throw new ArgumentException($"tensor '{name}': shape [{string.Join(", ", shape)}] needs {tensor.ByteLength / storeAs.ByteSize()} values, got {values.Length}", nameof(values));
        }
        return tensor;
    }

    /// <summary>A tensor from raw little-endian bytes already in <paramref name="dtype"/>.</summary>
    public static TensorToWrite FromBytes(string name, SafetensorsDType dtype, long[] shape, ReadOnlyMemory<byte> bytes)
        => new(name, dtype, shape, () => bytes);
}
