namespace Maria.Export.Weights;

/// <summary>
/// The stored weight of one linear layer <c>[..., K] -> [..., N]</c>, ready to be multiplied by
/// <see cref="QuantizedLinear.AddMatMul"/> (possibly more than once, sharing the initialisers).
/// </summary>
/// <param name="Weight">Float32 value <c>[K, N]</c> for a plain MatMul, or the uint8 MatMulNBits input B <c>[N, k_blocks, blob_size]</c>.</param>
/// <param name="Scales">Null for a plain MatMul; the MatMulNBits scales <c>[N·k_blocks]</c> otherwise.</param>
/// <param name="InFeatures">K.</param>
/// <param name="OutFeatures">N.</param>
public sealed record LinearWeight(string Weight, string? Scales, int InFeatures, int OutFeatures)
{
    /// <summary>True when the weight is blockwise quantised (MatMulNBits) rather than a float MatMul operand.</summary>
    public bool IsQuantized => Scales is not null;

    /// <summary>The MatMulNBits layout of a quantised weight (8-bit blocks of 32 unless set).</summary>
    public BlockQuantization Quantization { get; init; } = BlockQuantization.Int8;

    /// <summary>The packed uint8 zero points <c>[N·ceil(k_blocks·bits/8)]</c>, or null for the implicit 2^(bits-1).</summary>
    public string? ZeroPoints { get; init; }
}
