using Maria.Export.Configs;
using Maria.Training.Models.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.Models.ModernBert;

/// <summary>
/// ModernBertForMaskedLM (architectures.md §1): model (embeddings, layers, final_norm), head (dense, GELU, norm)
/// and decoder tied to the token embeddings plus decoder.bias. Parameter names equal the Hugging Face state-dict
/// keys. forward(input_ids [B, T], attention_mask [B, T]) -> (logits [B, T, V], head output u [B, T, H]).
/// </summary>
public sealed class ModernBertForMaskedLM : nn.Module<Tensor, Tensor, (Tensor Logits, Tensor HeadOutput)>
{
    private readonly ModernBertModel _model;
    private readonly ModernBertPredictionHead _head;
    private readonly TiedDecoderBias _decoder;

    /// <summary>Builds the module with Hugging Face-style initial weights (normal(0, 0.02) from torch's generator).</summary>
    public ModernBertForMaskedLM(ModernBertConfig config) : base(nameof(ModernBertForMaskedLM))
    {
        ModernBertSupport.Require(config);
        Config = config;
        _model = new ModernBertModel(config);
        _head = new ModernBertPredictionHead(config.HiddenSize, config.NormEps);
        _decoder = new TiedDecoderBias(config.VocabSize);
        register_module("model", _model);
        register_module("head", _head);
        register_module("decoder", _decoder);
        ParameterInitialization.ResetToHuggingFaceDefaults(this);
    }

    /// <summary>The configuration this model was built from.</summary>
    public ModernBertConfig Config { get; }

    /// <summary>input_ids [B, T], attention_mask [B, T] -> (logits [B, T, V], u [B, T, H]).</summary>
    public override (Tensor Logits, Tensor HeadOutput) forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var hidden = _model.Forward(inputIds, attentionMask);                                   // [B, T, H]
        var headOutput = _head.forward(hidden);                                                 // [B, T, H]
        var logits = nn.functional.linear(headOutput, _model.TokenEmbeddingWeight, _decoder.Bias); // [B, T, V]
        return (logits.MoveToOuterDisposeScope(), headOutput.MoveToOuterDisposeScope());
    }

    /// <summary>The encoder's last_hidden_state [B, T, H] (after final_norm, before the head).</summary>
    public Tensor LastHiddenState(Tensor inputIds, Tensor attentionMask) => _model.Forward(inputIds, attentionMask);
}
