namespace Maria.Export.Graphs.Blocks;

/// <summary>Value names fed to <c>GroupQueryAttention</c>; see <see cref="CausalAttentionBlock"/> for shapes and feeding rules.</summary>
/// <param name="Query"><c>[batch, seq, numHeads·headDim]</c> float32.</param>
/// <param name="Key"><c>[batch, seq, kvHeads·headDim]</c> float32.</param>
/// <param name="Value"><c>[batch, seq, kvHeads·headDim]</c> float32.</param>
/// <param name="PastKey"><c>[batch, kvHeads, maxLength, headDim]</c> float32 (shared buffer).</param>
/// <param name="PastValue"><c>[batch, kvHeads, maxLength, headDim]</c> float32 (shared buffer).</param>
/// <param name="SeqLensK"><c>[batch]</c> int32: per row, (past + new valid tokens) - 1.</param>
/// <param name="TotalSequenceLength">Scalar int32: past + new tokens (the longest row).</param>
/// <param name="CosCache">Optional <c>[maxPositions, headDim/2]</c> for fused RoPE (null: no rotary inside).</param>
/// <param name="SinCache">Optional <c>[maxPositions, headDim/2]</c>, given together with <paramref name="CosCache"/>.</param>
public sealed record GroupQueryAttentionInputs(
    string Query, string Key, string Value, string PastKey, string PastValue, string SeqLensK, string TotalSequenceLength,
    string? CosCache = null, string? SinCache = null);
