namespace Maria.Export.Weights;

/// <summary>
/// An nn.Linear weight <c>[N, K]</c> held as <see cref="BlockwiseInt8Quantizer"/> output (the MatMulNBits B and scales
/// of a package graph): reading a row dequantises it exactly as MatMulNBits does, <c>(q - 128)·scale</c> in float32.
/// <see cref="QuantizedLinear"/> copies these blocks into an int8 graph instead of quantising the dequantised values
/// again. Re-quantising <see cref="BlockwiseInt8Quantizer"/>'s own output happens to give the same bytes (a test checks
/// random blocks at every float32 exponent), but the copy is byte-identical by construction: it does not depend on that
/// floating-point property, nor on the blocks having been written by this version of the quantiser.
/// </summary>
internal sealed class BlockwiseInt8Matrix : WeightMatrix
{
    private readonly byte[] _quantized; // [N, blocks, 32] uint8, q + 128
    private readonly float[] _scales;   // [N·blocks]
    private readonly int _blocks;

    /// <param name="quantized">MatMulNBits B, <c>[rows, BlocksPerRow(columns), 32]</c> row-major (not copied).</param>
    /// <param name="scales">MatMulNBits scales, <c>[rows·BlocksPerRow(columns)]</c> (not copied).</param>
    /// <param name="rows">N, the output features.</param>
    /// <param name="columns">K, the input features.</param>
    /// <param name="description">Where the blocks come from, for messages.</param>
    public BlockwiseInt8Matrix(byte[] quantized, float[] scales, int rows, int columns, string description)
    {
        ArgumentNullException.ThrowIfNull(quantized);
        ArgumentNullException.ThrowIfNull(scales);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        _blocks = BlockwiseInt8Quantizer.BlocksPerRow(columns);
        if (quantized.LongLength != (long)rows * _blocks * BlockwiseInt8Quantizer.BlockSize || scales.LongLength != (long)rows * _blocks)
        {
            throw new ArgumentException(
                $"{description}: {quantized.LongLength} bytes and {scales.LongLength} scales do not make [{rows}, {columns}] in blocks of {BlockwiseInt8Quantizer.BlockSize} (expected {(long)rows * _blocks * BlockwiseInt8Quantizer.BlockSize} and {(long)rows * _blocks})",
                nameof(quantized));
        }

        _quantized = quantized;
        _scales = scales;
        Rows = rows;
        Columns = columns;
        Description = description;
    }

    public override int Rows { get; }

    public override int Columns { get; }

    public override string Description { get; }

    private int RowBytes => _blocks * BlockwiseInt8Quantizer.BlockSize;

    public override void ReadRow(int row, int columnStart, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columnStart);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)columnStart + destination.Length, Columns, nameof(destination));
        var quantized = _quantized.AsSpan(checked(row * RowBytes), RowBytes);
        var scales = _scales.AsSpan(checked(row * _blocks), _blocks);
        for (int i = 0; i < destination.Length; i++)
        {
            int column = columnStart + i;
            destination[i] = (quantized[column] - BlockwiseInt8Quantizer.ZeroPoint) * scales[column / BlockwiseInt8Quantizer.BlockSize];
        }
    }

    /// <summary>Copies row <paramref name="row"/>'s stored blocks: <c>blocks·32</c> bytes (padding included) and <c>blocks</c> scales.</summary>
    public void CopyBlocks(int row, Span<byte> quantized, Span<float> scales)
    {
        _quantized.AsSpan(checked(row * RowBytes), RowBytes).CopyTo(quantized);
        _scales.AsSpan(checked(row * _blocks), _blocks).CopyTo(scales);
    }
}
