namespace Maria.Export.Weights;

/// <summary>
/// Blockwise 4-bit quantisation of one output row <c>w[0..K)</c> of an nn.Linear weight in the MatMulNBits layout
/// (bits 4): K is cut into blocks of B values; value <c>2i</c> of the row goes to the low nibble of byte <c>i</c>,
/// value <c>2i+1</c> to the high nibble, so a block is <c>B/2</c> bytes. MatMulNBits computes <c>w ≈ (q - z)·s</c>.
/// <list type="bullet">
/// <item>Symmetric (no zero-point tensor, z = 8): <c>s = m / -8</c> where m is the block's value of largest magnitude
/// (sign kept), so m itself is exactly <c>q = 0</c> and the whole range -8..7 is used on the side that needs it.</item>
/// <item>Zero points: <c>s = (max(0, max w) - min(0, min w)) / 15</c>, <c>z = round(-min/s)</c> in 0..15, stored two
/// blocks per byte (block <c>2j</c> low nibble) with one row's zero points starting on a fresh byte.</item>
/// </list>
/// K must be a multiple of B (<see cref="QuantizedLinear"/> refuses other layers by name).
/// </summary>
public static class BlockwiseInt4Quantizer
{
    /// <summary>The implicit zero point of 4-bit MatMulNBits without a zero-point tensor (2^(bits-1)).</summary>
    public const int SymmetricZeroPoint = 8;

    /// <summary>
    /// Quantises one row into <paramref name="packed"/> (<c>K/2</c> bytes), <paramref name="scales"/> (<c>K/B</c>) and,
    /// when <paramref name="zeroPoints"/> is not empty, <paramref name="zeroPoints"/> (<c>ceil(K/B/2)</c> bytes).
    /// </summary>
    public static void QuantizeRow(ReadOnlySpan<float> row, int blockSize, Span<byte> packed, Span<float> scales, Span<byte> zeroPoints)
    {
        if (blockSize < 16 || (blockSize & (blockSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "MatMulNBits block size must be a power of two, at least 16");
        }
        if (row.Length % blockSize != 0)
        {
            throw new ArgumentException($"row of {row.Length} values is not a whole number of blocks of {blockSize}", nameof(row));
        }

        int blocks = row.Length / blockSize;
        bool asymmetric = !zeroPoints.IsEmpty;
        if (packed.Length < row.Length / 2 || scales.Length < blocks || (asymmetric && zeroPoints.Length < (blocks + 1) / 2))
        {
            throw new ArgumentException($"row of {row.Length} values needs {row.Length / 2} bytes, {blocks} scales and {(asymmetric ? (blocks + 1) / 2 : 0)} zero-point bytes");
        }

        if (asymmetric)
        {
            zeroPoints[..((blocks + 1) / 2)].Clear();
        }

        for (int block = 0; block < blocks; block++)
        {
            var values = row.Slice(block * blockSize, blockSize);
            int zeroPoint;
            float scale;
            if (asymmetric)
            {
                (scale, zeroPoint) = AsymmetricScale(values);
                zeroPoints[block / 2] |= (byte)(zeroPoint << (4 * (block % 2)));
            }
            else
            {
                scale = SymmetricScale(values);
                zeroPoint = SymmetricZeroPoint;
            }

            scales[block] = scale;
            float inverse = scale == 0f ? 0f : 1f / scale;
            var destination = packed.Slice(block * blockSize / 2, blockSize / 2);
            for (int i = 0; i < blockSize; i += 2)
            {
                int low = Quantize(values[i], inverse, zeroPoint);
                int high = Quantize(values[i + 1], inverse, zeroPoint);
                destination[i / 2] = (byte)(low | (high << 4));
            }
        }
    }

    /// <summary>The weight MatMulNBits computes with, <c>(q - z)·s</c>, for a row written by <see cref="QuantizeRow"/> (empty zero points: z = 8).</summary>
    public static void DequantizeRow(ReadOnlySpan<byte> packed, ReadOnlySpan<float> scales, ReadOnlySpan<byte> zeroPoints, int blockSize, Span<float> row)
    {
        for (int i = 0; i < row.Length; i++)
        {
            int block = i / blockSize;
            int q = (packed[i / 2] >> (4 * (i % 2))) & 0xF;
            int z = zeroPoints.IsEmpty ? SymmetricZeroPoint : (zeroPoints[block / 2] >> (4 * (block % 2))) & 0xF;
            row[i] = (q - z) * scales[block];
        }
    }

    private static int Quantize(float value, float inverse, int zeroPoint) =>
        Math.Clamp((int)MathF.Round(value * inverse, MidpointRounding.ToEven) + zeroPoint, 0, 15);

    /// <summary>s = m / -8 for the value m of largest magnitude; 0 for an all-zero block (every q = 8 gives exactly 0).</summary>
    private static float SymmetricScale(ReadOnlySpan<float> values)
    {
        float extreme = 0f;
        foreach (float value in values)
        {
            if (Math.Abs(value) > Math.Abs(extreme))
            {
                extreme = value;
            }
        }

        return extreme / -8f;
    }

    /// <summary>The range [min(0, min w), max(0, max w)] spread over 0..15, zero exactly representable.</summary>
    private static (float Scale, int ZeroPoint) AsymmetricScale(ReadOnlySpan<float> values)
    {
        float min = 0f;
        float max = 0f;
        foreach (float value in values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        float scale = (max - min) / 15f;
        if (scale == 0f)
        {
            return (0f, SymmetricZeroPoint);
        }

        return (scale, Math.Clamp((int)MathF.Round(-min / scale, MidpointRounding.ToEven), 0, 15));
    }
}
