using System.Runtime.InteropServices;
using Maria.Export.Architectures.Causal;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
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
/// maria_head.bias              [V_s] float32
/// </code>
/// W_ar is <c>maria_head.ar_part</c>, or, for a product-of-experts package that reuses the AR output matrix,
/// <c>lm_head</c> [V_s, d_ar] times the scalar <c>maria_head.ar_part.scale</c> (½).
/// </summary>
internal static class DecoderHeadWeights
{
    /// <summary>The three parts and how the package stored them (<c>fp32</c>, <c>fp16</c> or <c>int8</c>, from W_mlm).</summary>
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
            RequireInt8MatMul(graph, quantized, rows, columns);
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

    /// <summary>The blocks must be what <see cref="QuantizedLinear"/> writes: MatMulNBits with bits 8, block 32, this K and N.</summary>
    private static void RequireInt8MatMul(OnnxInitializerReader graph, string quantized, int rows, int columns)
    {
        var node = graph.Model.Graph.Node.FirstOrDefault(n => n.OpType == "MatMulNBits" && n.Input.Count > 1 && n.Input[1] == quantized)
            ?? throw new MariaInputException($"{graph.Path}: no MatMulNBits node reads '{quantized}'; the graph is damaged or was not written by this exporter, re-export the package");
        long Attribute(string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? -1;
        var actual = (Attribute("bits"), Attribute("block_size"), Attribute("K"), Attribute("N"));
        var expected = (8L, (long)BlockwiseInt8Quantizer.BlockSize, (long)columns, (long)rows);
        if (actual != expected)
        {
            throw new MariaInputException(
                $"{graph.Path}: node '{node.Name}' has (bits, block_size, K, N) = {actual}, expected {expected}; only 8-bit heads in blocks of {BlockwiseInt8Quantizer.BlockSize} of this size can be recovered");
        }
    }
}
