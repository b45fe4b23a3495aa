using System.Runtime.InteropServices;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;

namespace Maria.Export.Weights;

/// <summary>
/// Linear layers in any <see cref="WeightStorage"/>: float32/float16 weights go through
/// <see cref="WeightInitializers.AddTransposed"/> and a plain MatMul; <see cref="WeightStorage.Int8"/> stores the
/// weight with <see cref="BlockwiseInt8Quantizer"/> (quantised while the model is saved, one row at a time) and
/// multiplies with com.microsoft MatMulNBits (bits 8, block 32, fp32 activations). A part that already holds such blocks
/// (<see cref="BlockwiseInt8Matrix"/>, a head recovered from an int8 package) is copied as it is. The int4 storages go
/// through <see cref="Int4LinearWeight"/> (bits 4, blocks of 32 or 128, optional zero points).
/// Initialiser names: <c>{prefix}.MatMul.weight</c> <c>[K, N]</c>, or <c>{prefix}.MatMulNBits.B</c> <c>[N, blocks, 32]</c> and
/// <c>{prefix}.MatMulNBits.scales</c> <c>[N·blocks]</c> (see <see cref="BlockNames.Initializer"/>).
/// </summary>
public static class QuantizedLinear
{
    /// <summary>Suffix of the float32/float16 weight <c>[K, N]</c> of a plain MatMul.</summary>
    public const string FloatWeightSuffix = "MatMul.weight";

    /// <summary>Suffix of the uint8 MatMulNBits input B <c>[N, blocks, 32]</c>.</summary>
    public const string QuantizedWeightSuffix = "MatMulNBits.B";

    /// <summary>Suffix of the float32 MatMulNBits scales <c>[N·blocks]</c>.</summary>
    public const string ScalesSuffix = "MatMulNBits.scales";

    /// <summary>MatMulNBits accuracy_level 4: activations quantised to int8 per block, int8 dot products (fastest on CPU).</summary>
    public const int Int8ComputeAccuracyLevel = 4;

    /// <summary>
    /// Adds the weight of <c>MatMul(x, [part0ᵀ | part1ᵀ | ...])</c>: parts are nn.Linear <c>[out_i, in]</c> sharing the input,
    /// their outputs concatenated in order. <paramref name="onWrite"/> runs when the saver reaches the tensor.
    /// </summary>
    public static LinearWeight AddWeight(OnnxGraphBuilder builder, string prefix, IReadOnlyList<WeightMatrix> parts, WeightStorage storage,
        Action? onWrite = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException($"linear '{prefix}': no weight parts", nameof(parts));
        }

        int inFeatures = parts[0].Columns;
        int outFeatures = checked(parts.Sum(part => part.Rows));
        var scheme = storage.Quantization();
        if (scheme is null)
        {
            IReadOnlyList<WeightMatrix> written = onWrite is null ? parts : [new WriteNotifyingMatrix(parts[0], onWrite), .. parts.Skip(1)];
            return new LinearWeight(WeightInitializers.AddTransposed(builder, prefix, FloatWeightSuffix, written, storage), null, inFeatures, outFeatures);
        }

        foreach (var part in parts)
        {
            if (part.Columns != inFeatures)
            {
                throw new ArgumentException(
                    $"linear '{prefix}': {part.Description} has {part.Columns} input columns but {parts[0].Description} has {inFeatures}; packed parts share the input", nameof(parts));
            }
        }

        if (scheme.Bits == 4)
        {
            return Int4LinearWeight.Add(builder, prefix, parts, inFeatures, outFeatures, scheme, onWrite);
        }

        int blocks = BlockwiseInt8Quantizer.BlocksPerRow(inFeatures);
        long rowBytes = (long)blocks * BlockwiseInt8Quantizer.BlockSize;
        string b = builder.AddInitializer(BlockNames.Initializer(prefix, QuantizedWeightSuffix), Onnx.Proto.TensorProto.Types.DataType.Uint8,
            [outFeatures, blocks, BlockwiseInt8Quantizer.BlockSize],
            InitializerData.Deferred(outFeatures * rowBytes, stream =>
            {
                onWrite?.Invoke();
                QuantizeRows(parts, inFeatures, (quantized, _) => stream.Write(quantized));
            }));
        string scales = builder.AddInitializer(BlockNames.Initializer(prefix, ScalesSuffix), Onnx.Proto.TensorProto.Types.DataType.Float,
            [(long)outFeatures * blocks],
            InitializerData.Deferred((long)outFeatures * blocks * sizeof(float), stream =>
                QuantizeRows(parts, inFeatures, (_, rowScales) => stream.Write(MemoryMarshal.AsBytes(rowScales)))));
        return new LinearWeight(b, scales, inFeatures, outFeatures);
    }

    /// <summary>
    /// Emits <c>{prefix}/MatMul</c> or <c>{prefix}/MatMulNBits</c>: <c>input [..., K] -> [..., N]</c>.
    /// <paramref name="output"/> names the result exactly (a graph output), or null for an automatic name.
    /// </summary>
    public static string AddMatMul(OnnxGraphBuilder builder, string prefix, string input, LinearWeight weight, string? output = null,
        int? accuracyLevel = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(weight);
        if (!weight.IsQuantized)
        {
            return builder.AddNode($"{prefix}/MatMul", "MatMul", OnnxDomains.Standard, [input, weight.Weight], [output])[0];
        }

        // Inputs A, B, scales[, zero_points] (docs/ContribOperators.md); absent zero points mean 2^(bits-1).
        var scheme = weight.Quantization;
        string[] inputs = weight.ZeroPoints is null ? [input, weight.Weight, weight.Scales!] : [input, weight.Weight, weight.Scales!, weight.ZeroPoints];
        return builder.AddNode($"{prefix}/MatMulNBits", "MatMulNBits", OnnxDomains.Microsoft, inputs, [output],
            OnnxAttribute.Int("K", weight.InFeatures),
            OnnxAttribute.Int("N", weight.OutFeatures),
            OnnxAttribute.Int("bits", scheme.Bits),
            OnnxAttribute.Int("block_size", scheme.BlockSize),
            OnnxAttribute.Int("accuracy_level", accuracyLevel ?? scheme.AccuracyLevel))[0];
    }

    /// <summary><see cref="AddWeight"/> then <see cref="AddMatMul"/>.</summary>
    public static string AddLinear(OnnxGraphBuilder builder, string prefix, string input, IReadOnlyList<WeightMatrix> parts, WeightStorage storage,
        Action? onWrite = null) =>
        AddMatMul(builder, prefix, input, AddWeight(builder, prefix, parts, storage, onWrite));

    private static void QuantizeRows(IReadOnlyList<WeightMatrix> parts, int inFeatures, Action<ReadOnlySpan<byte>, ReadOnlySpan<float>> sink)
    {
        int blocks = BlockwiseInt8Quantizer.BlocksPerRow(inFeatures);
        var row = new float[inFeatures];
        var quantized = new byte[blocks * BlockwiseInt8Quantizer.BlockSize];
        var scales = new float[blocks];
        foreach (var part in parts)
        {
            for (int r = 0; r < part.Rows; r++)
            {
                if (part is BlockwiseInt8Matrix stored)
                {
                    // Already blocks of this very layout (a head recovered from an int8 package): copy, do not re-quantise.
                    stored.CopyBlocks(r, quantized, scales);
                }
                else
                {
                    part.ReadRow(r, 0, row);
                    BlockwiseInt8Quantizer.QuantizeRow(row, quantized, scales);
                }

                sink(quantized, scales);
            }
        }
    }
}
