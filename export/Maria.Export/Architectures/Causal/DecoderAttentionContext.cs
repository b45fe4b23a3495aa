using Maria.Export.Onnx;

namespace Maria.Export.Architectures.Causal;

/// <summary>
/// What every layer's attention shares: the GroupQueryAttention bookkeeping, the RoPE caches, and the explicit
/// position ids when RoPE cannot be fused into GQA (<paramref name="PositionIds"/> null means fused).
/// </summary>
/// <param name="SeqLensK">int32 [batch].</param>
/// <param name="TotalSequenceLength">int32 scalar.</param>
/// <param name="Cos">[context, D/2] float.</param>
/// <param name="Sin">[context, D/2] float.</param>
/// <param name="PositionIds">int64 [batch, S], or null when GQA rotates q and k itself.</param>
/// <param name="CacheShape">[batch, kv_heads, cache_length, head_dim] of every past/present tensor.</param>
internal sealed record DecoderAttentionContext(
    string SeqLensK, string TotalSequenceLength, string Cos, string Sin, string? PositionIds, OnnxDimension[] CacheShape);
