namespace Maria.Export.Weights;

/// <summary>
/// Symmetric blockwise 8-bit quantisation in the MatMulNBits layout: each output row of an nn.Linear weight
/// <c>[N, K]</c> is cut along K into blocks of <see cref="BlockSize"/> values; block j of row n stores
/// <c>q = clamp(round(w / s), -127, 127) + 128</c> as uint8 with <c>s = max|w| / 127</c>, so the default MatMulNBits
/// zero point (128) recovers <c>w ≈ (q - 128)·s</c> and no zero-point tensor is needed. The last block of a row is
/// padded with q = 128 (weight 0) when K is not a multiple of the block size.
/// </summary>
public static class BlockwiseInt8Quantizer
{
    /// <summary>Values per quantisation block along K (a power of two ≥ 16, as MatMulNBits requires).</summary>
    public const int BlockSize = 32;

    /// <summary>The implicit zero point of 8-bit MatMulNBits (2^(bits-1)).</summary>
    public const int ZeroPoint = 128;

    /// <summary>Blocks per output row: <c>ceil(K / BlockSize)</c>.</summary>
    public static int BlocksPerRow(int inFeatures) => (inFeatures + BlockSize - 1) / BlockSize;

    /// <summary>
    /// Quantises one output row <c>w[0..K)</c>: writes <c>BlocksPerRow(K)·BlockSize</c> bytes to <paramref name="quantized"/>
    /// and <c>BlocksPerRow(K)</c> scales to <paramref name="scales"/>.
    /// </summary>
    public static void QuantizeRow(ReadOnlySpan<float> row, Span<byte> quantized, Span<float> scales)
    {
        int blocks = BlocksPerRow(row.Length);
        if (quantized.Length < blocks * BlockSize || scales.Length < blocks)
        {
            throw new ArgumentException($"row of {row.Length} values needs {blocks * BlockSize} bytes and {blocks} scales");
        }

        for (int block = 0; block < blocks; block++)
        {
            int start = block * BlockSize;
            var values = row.Slice(start, Math.Min(BlockSize, row.Length - start));
            float maxAbs = 0f;
            foreach (float value in values)
            {
                maxAbs = Math.Max(maxAbs, Math.Abs(value));
            }

            // An all-zero block keeps scale 0 (every q = 128 dequantises to exactly 0).
            float scale = maxAbs / 127f;
            float inverse = scale == 0f ? 0f : 1f / scale;
            var destination = quantized.Slice(start, BlockSize);
            destination.Fill(ZeroPoint);
            for (int i = 0; i < values.Length; i++)
            {
                int q = (int)MathF.Round(values[i] * inverse, MidpointRounding.ToEven);
                destination[i] = (byte)(Math.Clamp(q, -127, 127) + ZeroPoint);
            }

            scales[block] = scale;
        }
    }

    /// <summary>The weight MatMulNBits computes with: <c>(q - 128)·scale</c>, for row data from <see cref="QuantizeRow"/>.</summary>
    public static void DequantizeRow(ReadOnlySpan<byte> quantized, ReadOnlySpan<float> scales, Span<float> row)
    {
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = (quantized[i] - ZeroPoint) * scales[i / BlockSize];
        }
    }
}
