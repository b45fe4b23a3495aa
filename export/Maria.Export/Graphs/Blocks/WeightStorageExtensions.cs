using Maria.Export.Weights;

namespace Maria.Export.Graphs.Blocks;

/// <summary>Storage of the matrices that are not linear-layer weights (embedding tables, tied output matrices), and the blockwise schemes.</summary>
public static class WeightStorageExtensions
{
    /// <summary>
    /// Embedding tables are gathered, not multiplied by MatMulNBits, so int8 and int4 packages store them as fp16 (one
    /// Cast, folded to fp32 at load: the same numbers at run time up to fp16 rounding, half the bytes on disk); fp32 and
    /// fp16 packages keep their own storage.
    /// </summary>
    public static WeightStorage ForEmbeddings(this WeightStorage storage) => storage.IsBlockQuantized() ? WeightStorage.Float16 : storage;

    /// <summary>True when linear layers are MatMulNBits operands (int8 or int4) rather than float MatMul weights.</summary>
    public static bool IsBlockQuantized(this WeightStorage storage) => storage.Quantization() is not null;

    /// <summary>The MatMulNBits scheme of a quantised storage, or null for fp32 and fp16.</summary>
    public static BlockQuantization? Quantization(this WeightStorage storage) => storage switch
    {
        WeightStorage.Int8 => BlockQuantization.Int8,
        WeightStorage.Int4Block32 => BlockQuantization.Int4(32, zeroPoints: false),
        WeightStorage.Int4Block64 => BlockQuantization.Int4(64, zeroPoints: false),
        WeightStorage.Int4Block128 => BlockQuantization.Int4(128, zeroPoints: false),
        WeightStorage.Int4Block32ZeroPoints => BlockQuantization.Int4(32, zeroPoints: true),
        WeightStorage.Int4Block64ZeroPoints => BlockQuantization.Int4(64, zeroPoints: true),
        WeightStorage.Int4Block128ZeroPoints => BlockQuantization.Int4(128, zeroPoints: true),
        _ => null,
    };

    /// <summary>The 4-bit storage with this block size and zero-point choice; refuses a block size other than 32, 64 or 128.</summary>
    public static WeightStorage Int4(int blockSize, bool zeroPoints) => (blockSize, zeroPoints) switch
    {
        (32, false) => WeightStorage.Int4Block32,
        (64, false) => WeightStorage.Int4Block64,
        (128, false) => WeightStorage.Int4Block128,
        (32, true) => WeightStorage.Int4Block32ZeroPoints,
        (64, true) => WeightStorage.Int4Block64ZeroPoints,
        (128, true) => WeightStorage.Int4Block128ZeroPoints,
        _ => throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "int4 block size must be 32, 64 or 128"),
    };
}
