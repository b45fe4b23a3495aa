using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Maria.Export.Checkpoints;

/// <summary>
/// Converts raw little-endian tensor bytes to fp32 and fp32 values to F32/F16/BF16 bytes.
/// Widening (F16, BF16 to fp32) is exact; narrowing rounds to nearest, ties to even, as PyTorch does.
/// </summary>
public static class TensorDataConversion
{
    /// <summary>
    /// Converts <paramref name="source"/> (elements of <paramref name="dtype"/>) into <paramref name="destination"/>.
    /// The byte count must equal destination length x dtype size.
    /// </summary>
    public static void ToFloat32(ReadOnlySpan<byte> source, SafetensorsDType dtype, Span<float> destination)
    {
        EnsureLittleEndian();
        if (source.Length != (long)destination.Length * dtype.ByteSize())
        {
            throw new ArgumentException($"{source.Length} bytes of {dtype.ToHeaderString()} do not make {destination.Length} elements", nameof(destination));
        }
        switch (dtype)
        {
            case SafetensorsDType.F32:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
            case SafetensorsDType.F16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(source), destination);
                break;
            case SafetensorsDType.BF16:
                var bits = MemoryMarshal.Cast<byte, ushort>(source);
                for (int i = 0; i < destination.Length; i++)
                {
                    // bfloat16 is the top half of a binary32: shifting back is exact.
                    destination[i] = BitConverter.UInt32BitsToSingle((uint)bits[i] << 16);
                }
                break;
            case SafetensorsDType.F64:
                Convert(MemoryMarshal.Cast<byte, double>(source), destination, static v => (float)v);
                break;
            case SafetensorsDType.I64:
                Convert(MemoryMarshal.Cast<byte, long>(source), destination, static v => v);
                break;
            case SafetensorsDType.I32:
                Convert(MemoryMarshal.Cast<byte, int>(source), destination, static v => v);
                break;
            case SafetensorsDType.I16:
                Convert(MemoryMarshal.Cast<byte, short>(source), destination, static v => v);
                break;
            case SafetensorsDType.I8:
                Convert(MemoryMarshal.Cast<byte, sbyte>(source), destination, static v => v);
                break;
            case SafetensorsDType.U8:
                Convert(source, destination, static v => v);
                break;
            case SafetensorsDType.BOOL:
                Convert(source, destination, static v => v != 0 ? 1f : 0f);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "not a safetensors dtype");
        }
    }

    /// <summary>
    /// Writes <paramref name="source"/> as <paramref name="dtype"/> bytes (F32, F16 or BF16 only) into
    /// <paramref name="destination"/>, whose length must be source length x dtype size.
    /// </summary>
    public static void FromFloat32(ReadOnlySpan<float> source, SafetensorsDType dtype, Span<byte> destination)
    {
        EnsureLittleEndian();
        if (destination.Length != (long)source.Length * dtype.ByteSize())
        {
            throw new ArgumentException($"{destination.Length} bytes cannot hold {source.Length} elements of {dtype.ToHeaderString()}", nameof(destination));
        }
        switch (dtype)
        {
            case SafetensorsDType.F32:
                MemoryMarshal.AsBytes(source).CopyTo(destination);
                break;
            case SafetensorsDType.F16:
                TensorPrimitives.ConvertToHalf(source, MemoryMarshal.Cast<byte, Half>(destination));
                break;
            case SafetensorsDType.BF16:
                var bits = MemoryMarshal.Cast<byte, ushort>(destination);
                for (int i = 0; i < source.Length; i++)
                {
                    bits[i] = ToBFloat16Bits(source[i]);
                }
                break;
            default:
                throw new ArgumentException($"fp32 values can be stored as F32, F16 or BF16, not {dtype.ToHeaderString()}", nameof(dtype));
        }
    }

    /// <summary>Rounds a binary32 to bfloat16 bits, nearest with ties to even; NaN stays a (quiet) NaN.</summary>
    public static ushort ToBFloat16Bits(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x0040);
        }
        // Adding 0x7FFF plus the lowest kept bit rounds the dropped 16 bits to nearest, ties to the even result;
        // a carry into the exponent is the correct rounding (up to infinity for values past bf16's max).
        uint roundingBias = 0x7FFFu + ((bits >> 16) & 1u);
        return (ushort)((bits + roundingBias) >> 16);
    }

    /// <summary>Widens bfloat16 bits to the binary32 they denote (exact).</summary>
    public static float FromBFloat16Bits(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    private static void Convert<T>(ReadOnlySpan<T> source, Span<float> destination, Func<T, float> convert)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = convert(source[i]);
        }
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors data is little-endian; big-endian hosts are not supported");
        }
    }

    /// <summary>Reads the little-endian 64-bit header length prefix.</summary>
    internal static ulong ReadLengthPrefix(ReadOnlySpan<byte> prefix) => BinaryPrimitives.ReadUInt64LittleEndian(prefix);
}
