using Maria.Export.Configs;

namespace Maria.Export.Architectures.Causal;

/// <summary>
/// <c>LlamaForCausalLM</c> (architectures.md §4): RMSNorm with weights (ε = rms_norm_eps) as
/// SimplifiedLayerNormalization, grouped-query attention with num_key_value_heads, tied or untied lm_head.
/// Only unscaled RoPE: configs with rope_scaling are refused when config.json is read.
/// </summary>
public sealed class LlamaDecoderGraphBuilder : CausalDecoderGraphBuilder
{
    /// <inheritdoc/>
    public override string Architecture => "LlamaForCausalLM";

    /// <inheritdoc/>
    protected override CausalNormKind Norm => CausalNormKind.RmsNorm;

    /// <inheritdoc/>
    protected override float NormEpsilon(CausalLmConfig config) => (float)((LlamaConfig)config).RmsNormEps;

    /// <inheritdoc/>
    protected override float? ClipQkv(CausalLmConfig config) => null;

    /// <inheritdoc/>
    protected override bool Accepts(CausalLmConfig config) => config is LlamaConfig;
}
