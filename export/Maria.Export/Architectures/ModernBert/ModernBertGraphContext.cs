using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;

namespace Maria.Export.Architectures.ModernBert;

/// <summary>
/// What every layer of the encoder graph shares: the builder, the checkpoint, and the values computed once per run
/// (position ids, the two additive masks, the two RoPE caches). Local-attention values are null when no layer is local.
/// </summary>
/// <param name="Builder">The graph being built.</param>
/// <param name="Config">The validated ModernBERT config.</param>
/// <param name="Tensors">The memory-mapped checkpoint weights.</param>
/// <param name="Storage">fp32, or fp16 with one Cast per matrix.</param>
/// <param name="PositionIds"><c>[batch, seq]</c> int64: 0..seq-1 in every row (right padding keeps HF's positions).</param>
/// <param name="Global">Mask and RoPE caches of global layers (θ = global_rope_theta).</param>
/// <param name="Local">Mask and RoPE caches of local layers (θ = local_rope_theta), or null.</param>
/// <param name="Progress">Progress lines, or null.</param>
internal sealed record ModernBertGraphContext(
    OnnxGraphBuilder Builder, ModernBertConfig Config, ITensorSource Tensors, WeightStorage Storage, string PositionIds,
    ModernBertAttentionKind Global, ModernBertAttentionKind? Local, IProgress<string>? Progress)
{
    /// <summary>The LayerNorm epsilon (norm_eps) as the float the ONNX attribute holds.</summary>
    public float Epsilon => (float)Config.NormEps;

    /// <summary>Mask and caches for layer <paramref name="layer"/>.</summary>
    public ModernBertAttentionKind AttentionFor(int layer) => Config.IsGlobalLayer(layer)
        ? Global
        : Local ?? throw new InvalidOperationException($"layer {layer} is local but no local attention inputs were built");
}
