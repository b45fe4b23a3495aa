using Maria.Export.Configs;
using Maria.Training.Models.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.Models.Causal;

/// <summary>
/// OLMo v1 (architectures.md §2): weightless LayerNorm ε 1e-5 before attention, before the MLP and at the end,
/// separate q/k/v/o, clip_qkv before RoPE, causal attention, SwiGLU, tied or untied lm_head.
/// Parameter names equal the Hugging Face state-dict keys (model.layers.0.self_attn.q_proj.weight, …).
/// </summary>
public sealed class OlmoForCausalLM : CausalLanguageModel
{
    /// <summary>Builds the module with Hugging Face-style initial weights (normal(0, 0.02) from torch's generator).</summary>
    public OlmoForCausalLM(OlmoConfig config) : base(nameof(OlmoForCausalLM), config, BuildModel(config))
    {
        ParameterInitialization.ResetToHuggingFaceDefaults(this);
    }

    /// <summary>The configuration this model was built from.</summary>
    public new OlmoConfig Config => (OlmoConfig)base.Config;

    private static CausalDecoderModel BuildModel(OlmoConfig config)
    {
        var layers = Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new CausalDecoderLayer(
            new WeightlessLayerNorm(),
            new CausalSelfAttention(config.HiddenSize, config.NumAttentionHeads, config.NumKeyValueHeads, config.HeadDim, config.ClipQkv),
            new WeightlessLayerNorm(),
            new SwiGluMlp(config.HiddenSize, config.IntermediateSize)));
        return new CausalDecoderModel(config.VocabSize, config.HiddenSize, layers, new WeightlessLayerNorm(),
            config.HeadDim, config.RopeTheta);
    }
}
