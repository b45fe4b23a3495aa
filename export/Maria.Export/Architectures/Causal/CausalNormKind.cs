namespace Maria.Export.Architectures.Causal;

/// <summary>The pre-norm of a causal decoder family (architectures.md §4).</summary>
public enum CausalNormKind
{
    /// <summary>OLMo v1: LayerNorm without γ or β, ε = 1e-5, so the checkpoint has no norm tensors.</summary>
    WeightlessLayerNorm,

    /// <summary>Llama: RMSNorm with a weight per norm (input_layernorm, post_attention_layernorm, model.norm).</summary>
    RmsNorm,
}
