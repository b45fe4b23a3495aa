namespace Maria.Export.Checkpoints;

/// <summary>
/// One tensor as a safetensors header describes it. <paramref name="ByteLength"/> always equals
/// dtype size x product of <paramref name="Shape"/> (validated when the header is read).
/// Equality compares shapes element by element.
/// </summary>
/// <param name="Name">Tensor name, e.g. "model.layers.0.attn.Wqkv.weight".</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions, outermost first; empty for a scalar.</param>
/// <param name="ByteLength">Size of the tensor's data in bytes.</param>
public sealed record TensorInfo(string Name, SafetensorsDType DType, long[] Shape, long ByteLength)
{
    /// <summary>Number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (long dimension in Shape)
            {
                count = checked(count * dimension);
            }
            return count;
        }
    }

    /// <summary>The shape written like the header writes it, e.g. "[2304, 768]".</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    /// <summary>True when name, dtype, byte length and every dimension agree.</summary>
    public bool Equals(TensorInfo? other) => other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && DType == other.DType
        && ByteLength == other.ByteLength
        && Shape.AsSpan().SequenceEqual(other.Shape);

    /// <summary>Hash over name, dtype and shape.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name, StringComparer.Ordinal);
        hash.Add(DType);
        foreach (long dimension in Shape)
        {
            hash.Add(dimension);
        }
        return hash.ToHashCode();
    }
}
