using Maria.Export.Configs;
using Maria.Training.Models.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.Models.Causal;

/// <summary>
/// Llama (architectures.md §4): RMSNorm with weight (input_layernorm, post_attention_layernorm, model.norm),
/// grouped-query attention through num_key_value_heads, rotate_half RoPE θ = rope_theta, SwiGLU, tied or untied
/// lm_head. Parameter names equal the Hugging Face state-dict keys.
/// </summary>
public sealed class LlamaForCausalLM : CausalLanguageModel
{
    /// <summary>Builds the module with Hugging Face-style initial weights (normal(0, 0.02) from torch's generator).</summary>
    public LlamaForCausalLM(LlamaConfig config) : base(nameof(LlamaForCausalLM), config, BuildModel(config))
    {
        ParameterInitialization.ResetToHuggingFaceDefaults(this);
    }

    /// <summary>The configuration this model was built from.</summary>
    public new LlamaConfig Config => (LlamaConfig)base.Config;

    private static CausalDecoderModel BuildModel(LlamaConfig config)
    {
        var layers = Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new CausalDecoderLayer(
            new RmsNorm(config.HiddenSize, config.RmsNormEps),
            new CausalSelfAttention(config.HiddenSize, config.NumAttentionHeads, config.NumKeyValueHeads, config.HeadDim, clipQkv: null),
            new RmsNorm(config.HiddenSize, config.RmsNormEps),
            new SwiGluMlp(config.HiddenSize, config.IntermediateSize)));
        return new CausalDecoderModel(config.VocabSize, config.HiddenSize, layers,
            new RmsNorm(config.HiddenSize, config.RmsNormEps), config.HeadDim, config.RopeTheta);
    }
}
