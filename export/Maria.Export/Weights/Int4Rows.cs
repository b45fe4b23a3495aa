using System.Globalization;
using Maria.Runtime;

namespace Maria.Export.Weights;

/// <summary>
/// What the int4 initialisers share (MatMulNBits weights, GatherBlockQuantized tables): the block size must divide the
/// quantised axis, and each initialiser streams its matrices through <see cref="BlockwiseInt4Quantizer"/> one row at a
/// time while the model is saved (so no matrix is ever held whole), keeping the part of each row it stores.
/// </summary>
internal static class Int4Rows
{
    /// <summary>Receives one quantised row: packed nibbles [width/2], scales [width/block], zero points (empty when symmetric).</summary>
    public delegate void RowSink(ReadOnlySpan<byte> packed, ReadOnlySpan<float> scales, ReadOnlySpan<byte> zeroPoints);

    /// <summary>Refuses a block size that does not divide <paramref name="width"/>, naming what was being quantised and the fix.</summary>
    /// <param name="what">The axis and tensor, e.g. "the input dimension 48 of layer '/model/layers.0/mlp/Wo' (mlp.Wo.weight)".</param>
    /// <param name="fix">How to choose instead, e.g. "choose a block size that divides it".</param>
    public static void RequireBlocksDivide(int blockSize, int width, string what, string fix)
    {
        if (width % blockSize != 0)
        {
            throw new MariaInputException(string.Create(CultureInfo.InvariantCulture,
                $"--block-size {blockSize} does not divide {what}; {fix} or --weights int8"));
        }
    }

    /// <summary>
    /// Quantises every row of <paramref name="parts"/> (stacked in order; each row <paramref name="width"/> wide) and hands
    /// it to <paramref name="sink"/>; with <paramref name="zeroPointBytes"/> 0 symmetric (implicit zero point 8), else asymmetric.
    /// </summary>
    public static void Quantize(IReadOnlyList<WeightMatrix> parts, int width, int blockSize, int zeroPointBytes, RowSink sink)
    {
        var row = new float[width];
        var packed = new byte[width / 2];
        var scales = new float[width / blockSize];
        var zeroPoints = new byte[zeroPointBytes];
        foreach (var part in parts)
        {
            for (int r = 0; r < part.Rows; r++)
            {
                part.ReadRow(r, 0, row);
                BlockwiseInt4Quantizer.QuantizeRow(row, blockSize, packed, scales, zeroPoints);
                sink(packed, scales, zeroPoints);
            }
        }
    }
}
