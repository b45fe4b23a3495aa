using System.Runtime.InteropServices;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;

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
        Int4Rows.RequireBlocksDivide(blockSize, width, $"the width {width} of embedding table '{prefix}' ({table.Description})", "choose a block size that divides it");

        int blocks = width / blockSize;
        string data = builder.AddInitializer(BlockNames.Initializer(prefix, "GatherBlockQuantized.data"), TensorProto.Types.DataType.Uint8,
            [table.Rows, width / 2],
            InitializerData.Deferred((long)table.Rows * (width / 2), stream => Int4Rows.Quantize([table], width, blockSize, 0, (packed, _, _) => stream.Write(packed))));
        string scales = builder.AddInitializer(BlockNames.Initializer(prefix, "GatherBlockQuantized.scales"), TensorProto.Types.DataType.Float,
            [table.Rows, blocks],
            InitializerData.Deferred((long)table.Rows * blocks * sizeof(float), stream =>
                Int4Rows.Quantize([table], width, blockSize, 0, (_, rowScales, _) => stream.Write(MemoryMarshal.AsBytes(rowScales)))));
        return builder.AddMicrosoftNode($"{prefix}/GatherBlockQuantized", "GatherBlockQuantized", [data, ids, scales],
            OnnxAttribute.Int("bits", 4),
            OnnxAttribute.Int("block_size", blockSize),
            OnnxAttribute.Int("gather_axis", 0),
            OnnxAttribute.Int("quantize_axis", 1));
    }
}
