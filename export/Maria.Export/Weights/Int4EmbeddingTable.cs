using System.Globalization;
using System.Runtime.InteropServices;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Runtime;

namespace Maria.Export.Weights;

/// <summary>
/// An embedding table looked up with com.microsoft GatherBlockQuantized instead of Gather over an fp16 table that
/// ONNX Runtime folds to fp32 at load (4 bytes a value in memory): rows stay 4-bit in memory and only the gathered
/// rows are dequantised. Layout (docs/ContribOperators.md, GatherBlockQuantized, uint8 data): each row quantised by
/// <see cref="BlockwiseInt4Quantizer"/> (symmetric), so the implicit uint8 zero point 2^(bits-1) = 8 applies:
/// <code>
/// {prefix}.GatherBlockQuantized.data    [V, H/2] uint8, value 2i in the low nibble of byte i
/// {prefix}.GatherBlockQuantized.scales  [V, H/bs] float32
/// </code>
/// </summary>
public static class Int4EmbeddingTable
{
    /// <summary>Adds the table and the lookup: <c>ids [...] -> [..., H]</c> float32; node <c>{prefix}/GatherBlockQuantized</c>.</summary>
    public static string AddGather(OnnxGraphBuilder builder, string prefix, WeightMatrix table, string ids, int blockSize)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(table);
        int width = table.Columns;
        if (width % blockSize != 0)
        {
            throw new MariaInputException(string.Create(CultureInfo.InvariantCulture,
                $"--block-size {blockSize} does not divide the width {width} of embedding table '{prefix}' ({table.Description}); choose a block size that divides it or --weights int8"));
        }

        int blocks = width / blockSize;
        string data = builder.AddInitializer(BlockNames.Initializer(prefix, "GatherBlockQuantized.data"), TensorProto.Types.DataType.Uint8,
            [table.Rows, width / 2],
            InitializerData.Deferred((long)table.Rows * (width / 2), stream => QuantizeRows(table, blockSize, (packed, _) => stream.Write(packed))));
        string scales = builder.AddInitializer(BlockNames.Initializer(prefix, "GatherBlockQuantized.scales"), TensorProto.Types.DataType.Float,
            [table.Rows, blocks],
            InitializerData.Deferred((long)table.Rows * blocks * sizeof(float), stream =>
                QuantizeRows(table, blockSize, (_, rowScales) => stream.Write(MemoryMarshal.AsBytes(rowScales)))));
        return builder.AddMicrosoftNode($"{prefix}/GatherBlockQuantized", "GatherBlockQuantized", [data, ids, scales],
            OnnxAttribute.Int("bits", 4),
            OnnxAttribute.Int("block_size", blockSize),
            OnnxAttribute.Int("gather_axis", 0),
            OnnxAttribute.Int("quantize_axis", 1));
    }

    private static void QuantizeRows(WeightMatrix table, int blockSize, Action<ReadOnlySpan<byte>, ReadOnlySpan<float>> sink)
    {
        var row = new float[table.Columns];
        var packed = new byte[table.Columns / 2];
        var scales = new float[table.Columns / blockSize];
        for (int r = 0; r < table.Rows; r++)
        {
            table.ReadRow(r, 0, row);
            BlockwiseInt4Quantizer.QuantizeRow(row, blockSize, packed, scales, []);
            sink(packed, scales);
        }
    }
}
