namespace Maria.Export.Checkpoints;

/// <summary>
/// The element types this project reads and writes in safetensors files. The header spells them
/// "F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U8" and "BOOL"
/// (see <see cref="SafetensorsDTypeExtensions.ToHeaderString"/>). Other dtypes of the format
/// (U16/U32/U64, the F8 variants, complex types) are refused by name when a header is read.
/// </summary>
public enum SafetensorsDType
{
    /// <summary>IEEE 754 binary64.</summary>
    F64,

    /// <summary>IEEE 754 binary32.</summary>
    F32,

    /// <summary>IEEE 754 binary16.</summary>
    F16,

    /// <summary>bfloat16: the upper 16 bits of a binary32.</summary>
    BF16,

    /// <summary>Signed 64-bit integer.</summary>
    I64,

    /// <summary>Signed 32-bit integer.</summary>
    I32,

    /// <summary>Signed 16-bit integer.</summary>
    I16,

    /// <summary>Signed 8-bit integer.</summary>
    I8,

    /// <summary>Unsigned 8-bit integer.</summary>
    U8,

    /// <summary>Boolean stored as one byte, 0 or 1.</summary>
    BOOL,
}
