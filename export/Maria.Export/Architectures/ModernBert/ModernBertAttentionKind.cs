namespace Maria.Export.Architectures.ModernBert;

/// <summary>The per-graph inputs of one kind of ModernBERT attention layer (global or local).</summary>
/// <param name="Mask">Additive mask <c>[batch, 1, seq, seq]</c> float32: 0 where allowed, finfo.min elsewhere.</param>
/// <param name="Cos">RoPE cos cache <c>[context, head_dim/2]</c> for this kind's θ.</param>
/// <param name="Sin">RoPE sin cache <c>[context, head_dim/2]</c>.</param>
internal sealed record ModernBertAttentionKind(string Mask, string Cos, string Sin);
