namespace Maria.Export.Weights;

/// <summary>
/// The stored weight of one linear layer <c>[..., K] -> [..., N]</c>, ready to be multiplied by
/// <see cref="QuantizedLinear.AddMatMul"/> (possibly more than once, sharing the initialisers).
/// </summary>
/// <param name="Weight">Float32 value <c>[K, N]</c> for a plain MatMul, or the uint8 MatMulNBits input B <c>[N, blocks, 32]</c>.</param>
/// <param name="Scales">Null for a plain MatMul; the MatMulNBits scales <c>[N·blocks]</c> otherwise.</param>
/// <param name="InFeatures">K.</param>
/// <param name="OutFeatures">N.</param>
public sealed record LinearWeight(string Weight, string? Scales, int InFeatures, int OutFeatures)
{
    /// <summary>True when the weight is 8-bit blockwise (MatMulNBits) rather than a float MatMul operand.</summary>
    public bool IsQuantized => Scales is not null;
}
