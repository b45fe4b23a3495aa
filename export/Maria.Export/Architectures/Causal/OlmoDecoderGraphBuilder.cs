using Maria.Export.Configs;

namespace Maria.Export.Architectures.Causal;

/// <summary>
/// <c>OlmoForCausalLM</c> (OLMo v1, architectures.md §2): weightless LayerNorm ε 1e-5 (no norm tensors), clip_qkv as
/// one Clip on the packed q/k/v projection before RoPE, tied or untied lm_head.
/// </summary>
public sealed class OlmoDecoderGraphBuilder : CausalDecoderGraphBuilder
{
    /// <inheritdoc/>
    public override string Architecture => "OlmoForCausalLM";

    /// <inheritdoc/>
    protected override CausalNormKind Norm => CausalNormKind.WeightlessLayerNorm;

    /// <inheritdoc/>
    protected override float NormEpsilon(CausalLmConfig config) => (float)OlmoConfig.NormEps;

    /// <inheritdoc/>
    protected override float? ClipQkv(CausalLmConfig config) => ((OlmoConfig)config).ClipQkv is double clip ? (float)clip : null;

    /// <inheritdoc/>
    protected override bool Accepts(CausalLmConfig config) => config is OlmoConfig;
}
