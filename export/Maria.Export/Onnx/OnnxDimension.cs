namespace Maria.Export.Onnx;

/// <summary>
/// One dimension of a graph input or output: a fixed size (<c>64</c>) or a symbolic name
/// (<c>"batch_size"</c>, <c>"sequence_length"</c>) that ONNX Runtime binds at run time.
/// Converts implicitly from <see cref="long"/> and <see cref="string"/> so shapes read like
/// <c>["batch_size", "sequence_length", 512]</c>.
/// </summary>
public readonly record struct OnnxDimension
{
    private OnnxDimension(long? size, string? symbol)
    {
        Size = size;
        Symbol = symbol;
    }

    /// <summary>The fixed size, or null when the dimension is symbolic.</summary>
    public long? Size { get; }

    /// <summary>The symbolic name, or null when the dimension is fixed.</summary>
    public string? Symbol { get; }

    /// <summary>A fixed dimension of <paramref name="size"/> elements (0 or more).</summary>
    public static OnnxDimension Fixed(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return new OnnxDimension(size, null);
    }

    /// <summary>A symbolic dimension named <paramref name="symbol"/>; equal names mean equal sizes.</summary>
    public static OnnxDimension Symbolic(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        return new OnnxDimension(null, symbol);
    }

    /// <summary>Converts a size to a fixed dimension.</summary>
    public static implicit operator OnnxDimension(long size) => Fixed(size);

    /// <summary>Converts a name to a symbolic dimension.</summary>
    public static implicit operator OnnxDimension(string symbol) => Symbolic(symbol);

    /// <summary>The size, or the symbol in quotes.</summary>
    public override string ToString() => Size is { } size ? size.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"'{Symbol}'";
}
