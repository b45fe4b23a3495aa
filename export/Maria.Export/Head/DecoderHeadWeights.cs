using System.Runtime.InteropServices;
using Maria.Export.Architectures.Causal;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Export.Packaging;
using Maria.Export.Weights;
using Maria.Runtime;

namespace Maria.Export.Head;

/// <summary>
/// Finds the MARIA head in a decoder graph by the initialiser names <see cref="MariaHeadEmitter"/> and
/// <see cref="QuantizedLinear"/> give it, and turns each part back into an nn.Linear weight [N, K]:
/// <code>
/// {prefix}.MatMul.weight       [K, N] float32 or float16  -> transposed back, float16 widened exactly
/// {prefix}.MatMulNBits.B       [N, ceil(K/32), 32] uint8  -> kept as blocks (<see cref="BlockwiseInt8Matrix"/>),
/// {prefix}.MatMulNBits.scales  [N·ceil(K/32)] float32        read as (q - 128)·scale like MatMulNBits
/// int4 (bits 4, block B):      B [N, K/B, B/2] uint8, scales [N·K/B], zero points [N·ceil(K/B/2)] uint8 or none
///                              -> dequantised to (q - z)·s (z = 8 without zero points), the values MatMulNBits uses
/// maria_head.bias              [V_s] float32
/// </code>
/// An int4 head comes back as those float values: re-exporting it at the same symmetric int4 block size writes the
/// same bytes (the block's largest |w| is exactly q = 0, so the scales and every q come out again); with zero points,
/// or at another format, the values are quantised anew.
/// W_ar is <c>maria_head.ar_part</c>, or, for a product-of-experts package that reuses the AR output matrix,
/// <c>lm_head</c> [V_s, d_ar] times the scalar <c>maria_head.ar_part.scale</c> (½).
/// </summary>
internal static class DecoderHeadWeights
{
    /// <summary>
    /// The three parts and how the package stored them, from W_mlm: <c>fp32</c>, <c>fp16</c>, <c>int8</c>, or the
    /// int4 format as the manifest names it (<c>int4-block64</c>, <c>int4-block32-zp</c>, ...).
    /// </summary>
    public sealed record Parts(WeightMatrix ArPart, WeightMatrix MlmPart, WeightMatrix Bias, string Storage);

    /// <summary>Reads W_ar [V_s, d_ar], W_mlm [V_s, d_mlm] and b3 [1, V_s] from <paramref name="graph"/>.</summary>
    public static Parts Read(OnnxInitializerReader graph, int sharedVocabulary, int arHidden, int mlmHidden)
    {
        WeightMatrix arPart;
        if (graph.Contains(MariaHeadEmitter.ArPartScaleInitializer))
        {
            // Product of experts: z = scale·(v·W1[:V_s]ᵀ) + ..., so W_ar = scale·W1[:V_s] (exact: the scale is ½).
            float scale = graph.ReadFloats(MariaHeadEmitter.ArPartScaleInitializer)[0];
            arPart = Linear(graph, MariaHeadEmitter.ArOutputPrefix, sharedVocabulary, arHidden).Matrix.Scale(scale);
        }
        else
        {
            arPart = Linear(graph, MariaHeadEmitter.ArPartPrefix, sharedVocabulary, arHidden).Matrix;
        }

        var (mlmPart, storage) = Linear(graph, MariaHeadEmitter.MlmPartPrefix, sharedVocabulary, mlmHidden);
        string biasName = BlockNames.Initializer(MariaHeadEmitter.HeadPrefix, MariaHeadEmitter.BiasSuffix);
        var bias = WeightMatrix.FromArray(graph.ReadFloats(biasName, sharedVocabulary), 1, sharedVocabulary, $"{biasName} of {graph.Path}");
        return new Parts(arPart, mlmPart, bias, storage);
    }

    private static (WeightMatrix Matrix, string Storage) Linear(OnnxInitializerReader graph, string prefix, int rows, int columns)
    {
        string quantized = BlockNames.Initializer(prefix, QuantizedLinear.QuantizedWeightSuffix);
        string plain = BlockNames.Initializer(prefix, QuantizedLinear.FloatWeightSuffix);
        if (graph.Contains(quantized))
        {
            var node = MatMulNBitsNode(graph, quantized);
            if (Attribute(node, "bits") == 4)
            {
                return Int4(graph, node, prefix, rows, columns);
            }

            RequireShape(graph, node, (8L, (long)BlockwiseInt8Quantizer.BlockSize, (long)columns, (long)rows),
                $"only 8-bit heads in blocks of {BlockwiseInt8Quantizer.BlockSize} or 4-bit heads of this size can be recovered");
            int blocks = BlockwiseInt8Quantizer.BlocksPerRow(columns);
            byte[] b = graph.ReadBytes(quantized, TensorProto.Types.DataType.Uint8, rows, blocks, BlockwiseInt8Quantizer.BlockSize);
            float[] scales = MemoryMarshal.Cast<byte, float>(graph.ReadBytes(BlockNames.Initializer(prefix, QuantizedLinear.ScalesSuffix),
                TensorProto.Types.DataType.Float, (long)rows * blocks)).ToArray();
            return (new BlockwiseInt8Matrix(b, scales, rows, columns, $"{quantized} of {graph.Path}"), "int8");
        }

        if (graph.Contains(plain))
        {
            float[] stored = graph.ReadFloats(plain, columns, rows);                                           // [K, N]
            var weight = new float[(long)rows * columns];                                                       // [N, K]
            for (int k = 0; k < columns; k++)
            {
                for (int n = 0; n < rows; n++)
                {
                    weight[(long)n * columns + k] = stored[(long)k * rows + n];
                }
            }

            string storage = graph.DataType(plain) == TensorProto.Types.DataType.Float16 ? "fp16" : "fp32";
            return (WeightMatrix.FromArray(weight, rows, columns, $"{plain}ᵀ of {graph.Path}"), storage);
        }

        throw new MariaInputException(
            $"{graph.Path}: neither '{plain}' nor '{quantized}' is in the graph, so it holds no MARIA head this exporter can read; pass the head file with --head instead");
    }

    /// <summary>
    /// A 4-bit head part, dequantised row by row with the exporter's own 4-bit layout (<see cref="BlockwiseInt4Quantizer"/>):
    /// W [N, K] = (q - z)·s.
    /// </summary>
    private static (WeightMatrix Matrix, string Storage) Int4(OnnxInitializerReader graph, NodeProto node, string prefix, int rows, int columns)
    {
        long blockSize = Attribute(node, "block_size");
        if (blockSize is not (32 or 64 or 128) || columns % blockSize != 0)
        {
            throw new MariaInputException(
                $"{graph.Path}: node '{node.Name}' is 4-bit with block_size {blockSize}, which this exporter does not write for K = {columns}; re-export the package, or pass the head file with --head");
        }

        RequireShape(graph, node, (4L, blockSize, (long)columns, (long)rows), "the head's 4-bit blocks do not match its size");
        int block = (int)blockSize;
        int blocks = columns / block;
        string quantized = node.Input[1];
        byte[] packed = graph.ReadBytes(quantized, TensorProto.Types.DataType.Uint8, rows, blocks, block / 2);
        float[] scales = MemoryMarshal.Cast<byte, float>(graph.ReadBytes(BlockNames.Initializer(prefix, QuantizedLinear.ScalesSuffix),
            TensorProto.Types.DataType.Float, (long)rows * blocks)).ToArray();
        // MatMulNBits inputs: A, B, scales, zero_points (optional, "" or absent when symmetric).
        string? zeroPointName = node.Input.Count > 3 && node.Input[3].Length > 0 ? node.Input[3] : null;
        var storage = WeightStorageExtensions.Int4(block, zeroPoints: zeroPointName is not null);
        int zeroPointBytes = storage.Quantization()!.ZeroPointBytesPerRow(columns);
        byte[] zeroPoints = zeroPointName is null ? [] : graph.ReadBytes(zeroPointName, TensorProto.Types.DataType.Uint8, (long)rows * zeroPointBytes);

        var weight = new float[(long)rows * columns];                                                           // [N, K]
        for (int row = 0; row < rows; row++)
        {
            BlockwiseInt4Quantizer.DequantizeRow(
                packed.AsSpan(row * (columns / 2), columns / 2),
                scales.AsSpan(row * blocks, blocks),
                zeroPointName is null ? [] : zeroPoints.AsSpan(row * zeroPointBytes, zeroPointBytes),
                block,
                weight.AsSpan(row * columns, columns));
        }

        return (WeightMatrix.FromArray(weight, rows, columns, $"{quantized} (dequantised) of {graph.Path}"), PackageExporter.WeightsName(storage));
    }

    private static NodeProto MatMulNBitsNode(OnnxInitializerReader graph, string quantized) =>
        graph.Model.Graph.Node.FirstOrDefault(n => n.OpType == "MatMulNBits" && n.Input.Count > 1 && n.Input[1] == quantized)
        ?? throw new MariaInputException($"{graph.Path}: no MatMulNBits node reads '{quantized}'; the graph is damaged or was not written by this exporter, re-export the package");

    private static long Attribute(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? -1;

    /// <summary>The node's (bits, block_size, K, N) must be what <see cref="QuantizedLinear"/> writes for this head part.</summary>
    private static void RequireShape(OnnxInitializerReader graph, NodeProto node, (long Bits, long BlockSize, long K, long N) expected, string what)
    {
        var actual = (Attribute(node, "bits"), Attribute(node, "block_size"), Attribute(node, "K"), Attribute(node, "N"));
        if (actual != expected)
        {
            throw new MariaInputException(
                $"{graph.Path}: node '{node.Name}' has (bits, block_size, K, N) = {actual}, expected {expected}; {what}");
        }
    }
}
