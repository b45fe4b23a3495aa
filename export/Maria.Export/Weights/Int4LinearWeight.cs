using System.Runtime.InteropServices;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;

namespace Maria.Export.Weights;

/// <summary>
/// The 4-bit MatMulNBits operands of one linear layer, quantised by <see cref="BlockwiseInt4Quantizer"/> while the
/// model is saved, one weight row at a time (each initialiser re-reads the rows it needs, so no layer is ever held whole):
/// <code>
/// {prefix}.MatMulNBits.B            [N, K/B, B/2] uint8   two weights per byte, low nibble first
/// {prefix}.MatMulNBits.scales       [N·K/B] float32
/// {prefix}.MatMulNBits.zero_points  [N·ceil(K/B/2)] uint8 (with zero points only)
/// </code>
/// </summary>
internal static class Int4LinearWeight
{
    /// <summary>Suffix of the packed zero points.</summary>
    public const string ZeroPointsSuffix = "MatMulNBits.zero_points";

    /// <summary>Adds the operands; refuses a layer whose K is not a multiple of the block size, naming it.</summary>
    public static LinearWeight Add(OnnxGraphBuilder builder, string prefix, IReadOnlyList<WeightMatrix> parts, int inFeatures, int outFeatures,
        BlockQuantization scheme, Action? onWrite)
    {
        Int4Rows.RequireBlocksDivide(scheme.BlockSize, inFeatures, $"the input dimension {inFeatures} of layer '{prefix}' ({parts[0].Description})",
            "choose a block size that divides it (32 divides every multiple of 32)");

        int blocks = inFeatures / scheme.BlockSize;
        int zeroPointBytes = scheme.ZeroPoints ? scheme.ZeroPointBytesPerRow(inFeatures) : 0;   // none: symmetric
        string b = builder.AddInitializer(BlockNames.Initializer(prefix, QuantizedLinear.QuantizedWeightSuffix), TensorProto.Types.DataType.Uint8,
            [outFeatures, blocks, scheme.BlobSize],
            InitializerData.Deferred((long)outFeatures * (inFeatures / 2), stream =>
            {
                onWrite?.Invoke();
                Int4Rows.Quantize(parts, inFeatures, scheme.BlockSize, zeroPointBytes, (packed, _, _) => stream.Write(packed));
            }));
        string scales = builder.AddInitializer(BlockNames.Initializer(prefix, QuantizedLinear.ScalesSuffix), TensorProto.Types.DataType.Float,
            [(long)outFeatures * blocks],
            InitializerData.Deferred((long)outFeatures * blocks * sizeof(float), stream =>
                Int4Rows.Quantize(parts, inFeatures, scheme.BlockSize, zeroPointBytes, (_, rowScales, _) => stream.Write(MemoryMarshal.AsBytes(rowScales)))));
        string? zeroPoints = null;
        if (scheme.ZeroPoints)
        {
            zeroPoints = builder.AddInitializer(BlockNames.Initializer(prefix, ZeroPointsSuffix), TensorProto.Types.DataType.Uint8,
                [(long)outFeatures * zeroPointBytes],
                InitializerData.Deferred((long)outFeatures * zeroPointBytes, stream =>
                    Int4Rows.Quantize(parts, inFeatures, scheme.BlockSize, zeroPointBytes, (_, _, rowZeroPoints) => stream.Write(rowZeroPoints))));
        }

        return new LinearWeight(b, scales, inFeatures, outFeatures) { Quantization = scheme, ZeroPoints = zeroPoints };
    }
}
