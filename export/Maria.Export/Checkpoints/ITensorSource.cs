namespace Maria.Export.Checkpoints;

/// <summary>
/// Read access to the tensors of a checkpoint: one safetensors file or a sharded checkpoint read as one.
/// Tensor bytes stay in the memory-mapped files; spans returned by <see cref="GetBytes"/> are valid
/// until the source is disposed. Safe for concurrent readers.
/// </summary>
public interface ITensorSource : IDisposable
{
    /// <summary>Every tensor, in file order (shard by shard, then by data offset).</summary>
    IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>The <c>__metadata__</c> string pairs (for a sharded checkpoint: the shards' and the index's).</summary>
    IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>True when a tensor of this exact name exists.</summary>
    bool Contains(string name);

    /// <summary>The tensor's description; throws <see cref="SafetensorsFormatException"/> naming the missing tensor and the files searched.</summary>
    TensorInfo GetInfo(string name);

    /// <summary>Zero-copy view of the tensor's raw little-endian bytes inside the memory-mapped file.</summary>
    ReadOnlySpan<byte> GetBytes(string name);

    /// <summary>
    /// Converts the tensor to fp32 into <paramref name="destination"/>, whose length must equal the element count.
    /// F16 and BF16 convert exactly; F64 rounds to nearest; integers convert as by a cast; BOOL gives 0 or 1.
    /// </summary>
    void ReadAsFloat32(string name, Span<float> destination);

    /// <summary>Converts the tensor to a new fp32 array (see the span overload for the conversion rules).</summary>
    float[] ReadAsFloat32(string name);
}
