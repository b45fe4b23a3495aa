namespace Maria.Export.Checkpoints;

/// <summary>Sizes and header spellings of <see cref="SafetensorsDType"/> values.</summary>
public static class SafetensorsDTypeExtensions
{
    /// <summary>Bytes per element: 8 for F64/I64, 4 for F32/I32, 2 for F16/BF16/I16, 1 for I8/U8/BOOL.</summary>
    public static int ByteSize(this SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 or SafetensorsDType.I64 => 8,
        SafetensorsDType.F32 or SafetensorsDType.I32 => 4,
        SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.I16 => 2,
        SafetensorsDType.I8 or SafetensorsDType.U8 or SafetensorsDType.BOOL => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "not a safetensors dtype"),
    };

    /// <summary>The string the safetensors header uses for this dtype, e.g. "F32" or "BF16".</summary>
    public static string ToHeaderString(this SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 => "F64",
        SafetensorsDType.F32 => "F32",
        SafetensorsDType.F16 => "F16",
        SafetensorsDType.BF16 => "BF16",
        SafetensorsDType.I64 => "I64",
        SafetensorsDType.I32 => "I32",
        SafetensorsDType.I16 => "I16",
        SafetensorsDType.I8 => "I8",
        SafetensorsDType.U8 => "U8",
        SafetensorsDType.BOOL => "BOOL",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "not a safetensors dtype"),
    };

    /// <summary>
    /// Parses a header dtype string (case-sensitive, as the format requires).
    /// Returns false for dtypes of the format this project does not support (e.g. "U16", "F8_E4M3").
    /// </summary>
    public static bool TryParseHeaderString(string text, out SafetensorsDType dtype)
    {
        foreach (var candidate in Enum.GetValues<SafetensorsDType>())
        {
            if (string.Equals(candidate.ToHeaderString(), text, StringComparison.Ordinal))
            {
                dtype = candidate;
                return true;
            }
        }
        dtype = default;
        return false;
    }

    /// <summary>True for F64, F32, F16 and BF16.</summary>
    public static bool IsFloatingPoint(this SafetensorsDType dtype)
        => dtype is SafetensorsDType.F64 or SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16;
}
