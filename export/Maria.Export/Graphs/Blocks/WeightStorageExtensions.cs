namespace Maria.Export.Graphs.Blocks;

/// <summary>Storage of the matrices that are not linear-layer weights (embedding tables, tied output matrices).</summary>
public static class WeightStorageExtensions
{
    /// <summary>
    /// Embedding tables are gathered, not multiplied by MatMulNBits, so int8 packages store them as fp16 (one Cast,
    /// folded to fp32 at load: the same numbers at run time up to fp16 rounding, half the bytes on disk); fp32 and
    /// fp16 packages keep their own storage.
    /// </summary>
    public static WeightStorage ForEmbeddings(this WeightStorage storage) => storage == WeightStorage.Int8 ? WeightStorage.Float16 : storage;
}
