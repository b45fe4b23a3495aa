using System.Globalization;

namespace Maria.Export.Weights;

/// <summary>
/// A com.microsoft MatMulNBits weight layout: <paramref name="Bits"/> per weight, one fp32 scale (and, with
/// <paramref name="ZeroPoints"/>, one packed zero point) per block of <paramref name="BlockSize"/> values along K.
/// B is <c>[N, k_blocks, BlockSize·Bits/8]</c> uint8, scales <c>[N·k_blocks]</c>, zero points <c>[N·ceil(k_blocks·Bits/8)]</c>
/// uint8 packed like B (ORT's docs/ContribOperators.md, MatMulNBits).
/// </summary>
/// <param name="Bits">4 or 8.</param>
/// <param name="BlockSize">Values per block along K: a power of two, at least 16.</param>
/// <param name="ZeroPoints">True for asymmetric blocks with a stored zero point; false for the implicit 2^(bits-1).</param>
/// <param name="AccuracyLevel">MatMulNBits accuracy_level: 4 quantises activations to int8 per block (int8 dot products), 0 keeps fp32.</param>
public sealed record BlockQuantization(int Bits, int BlockSize, bool ZeroPoints, int AccuracyLevel)
{
    /// <summary>What <c>--weights int8</c> writes: 8-bit symmetric blocks of 32, int8 compute.</summary>
    public static BlockQuantization Int8 { get; } = new(8, BlockwiseInt8Quantizer.BlockSize, false, QuantizedLinear.Int8ComputeAccuracyLevel);

    /// <summary>
    /// 4-bit blocks. accuracy_level 4 (int8 activations) is what ONNX Runtime's fast x86 4-bit kernels run
    /// (measured against level 0 in docs/BENCHMARKS.md, "int4 weights").
    /// </summary>
    public static BlockQuantization Int4(int blockSize, bool zeroPoints) => new(4, blockSize, zeroPoints, QuantizedLinear.Int8ComputeAccuracyLevel);

    /// <summary>Bytes of one block of B: <c>BlockSize·Bits/8</c>.</summary>
    public int BlobSize => BlockSize * Bits / 8;

    /// <summary>Blocks per output row: <c>ceil(K / BlockSize)</c>.</summary>
    public int BlocksPerRow(int inFeatures) => (inFeatures + BlockSize - 1) / BlockSize;

    /// <summary>Bytes of one row's packed zero points: <c>ceil(k_blocks·Bits/8)</c>.</summary>
    public int ZeroPointBytesPerRow(int inFeatures) => (BlocksPerRow(inFeatures) * Bits + 7) / 8;

    /// <summary>Stored bytes of an <c>[N, K]</c> weight: B, scales and zero points.</summary>
    public long StoredBytes(int outFeatures, int inFeatures)
    {
        long blocks = BlocksPerRow(inFeatures);
        long perRow = blocks * BlobSize + blocks * sizeof(float) + (ZeroPoints ? ZeroPointBytesPerRow(inFeatures) : 0);
        return outFeatures * perRow;
    }

    /// <summary>e.g. <c>int4, block 32, zero points</c> or <c>int8, block 32, symmetric</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"int{Bits}, block {BlockSize}, {(ZeroPoints ? "zero points" : "symmetric")}");
}
