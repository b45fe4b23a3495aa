using System.Runtime.InteropServices;

namespace Maria.Export.Onnx;

/// <summary>
/// The bytes of one initialiser, in ONNX's little-endian raw layout, produced when the model is saved.
/// Sources either own a compact copy (small tensors, fp16 conversions) or are deferred: a callback
/// that streams the bytes at save time (e.g. straight from a safetensors file), so that the builder
/// never holds a second copy of a multi-gigabyte checkpoint.
/// </summary>
public abstract class InitializerData
{
    /// <summary>Exact number of bytes <see cref="WriteTo"/> writes.</summary>
    public abstract long ByteLength { get; }

    /// <summary>Writes exactly <see cref="ByteLength"/> bytes to <paramref name="destination"/>.</summary>
    public abstract void WriteTo(Stream destination);

    /// <summary>Takes ownership of <paramref name="bytes"/> (not copied; do not modify it afterwards).</summary>
    public static InitializerData FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new InMemoryInitializerData(bytes);
    }

    /// <summary>Copies unmanaged values (float, long, int, Half, byte...) into a compact byte array.</summary>
    public static InitializerData Copy<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        EnsureLittleEndian();
        return new InMemoryInitializerData(MemoryMarshal.AsBytes(values).ToArray());
    }

    /// <summary>Converts float32 values to float16 (round to nearest even) and keeps only the halves.</summary>
    public static InitializerData ConvertToFloat16(ReadOnlySpan<float> values)
    {
        EnsureLittleEndian();
        var halves = new Half[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            halves[i] = (Half)values[i];
        }

        return new InMemoryInitializerData(MemoryMarshal.AsBytes(halves.AsSpan()).ToArray());
    }

    /// <summary>
    /// A deferred source: <paramref name="write"/> is called once at save time and must write exactly
    /// <paramref name="byteLength"/> bytes; the saver checks the count.
    /// </summary>
    public static InitializerData Deferred(long byteLength, Action<Stream> write)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteLength);
        ArgumentNullException.ThrowIfNull(write);
        return new DeferredInitializerData(byteLength, write);
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian; big-endian hosts are not supported.");
        }
    }
}
