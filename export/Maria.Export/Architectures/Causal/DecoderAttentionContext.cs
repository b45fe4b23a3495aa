using Maria.Export.Onnx;

namespace Maria.Export.Architectures.Causal;

/// <summary>What every layer's attention shares: the call's bookkeeping (see <see cref="DecoderInputs"/>) and the RoPE caches.</summary>
/// <param name="Inputs">The decoder inputs and the bias, T and scatter indices derived from them.</param>
/// <param name="Cos">[context + 1, D/2] float (the last row serves the scratch slot of padded tokens).</param>
/// <param name="Sin">[context + 1, D/2] float.</param>
/// <param name="CacheShape">[batch, kv_heads, cache_length, head_dim] of every past/present tensor.</param>
internal sealed record DecoderAttentionContext(DecoderInputs Inputs, string Cos, string Sin, OnnxDimension[] CacheShape);
