using Maria.Export.Configs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Maria.Training.Models.Causal;

/// <summary>
/// Shared shape of OlmoForCausalLM and LlamaForCausalLM: "model." (embeddings, decoder layers, final norm) and an
/// "lm_head" that is either its own [V, H] matrix or the embedding matrix (tie_word_embeddings, no tensor).
/// forward(input_ids [B, T]) -> (logits [B, T, V], final hidden states v [B, T, H] after the last norm).
/// </summary>
public abstract class CausalLanguageModel : nn.Module<Tensor, (Tensor Logits, Tensor FinalHidden)>
{
    private readonly CausalDecoderModel _model;
    private readonly Linear? _languageModelHead;

    /// <summary>Registers "model" and, when untied, "lm_head".</summary>
    protected CausalLanguageModel(string name, CausalLmConfig config, CausalDecoderModel model) : base(name)
    {
        Config = config;
        _model = model;
        register_module("model", _model);
        if (!config.TieWordEmbeddings)
        {
            _languageModelHead = nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false);
            register_module("lm_head", _languageModelHead);
        }
    }

    /// <summary>The configuration this model was built from.</summary>
    public CausalLmConfig Config { get; }

    /// <summary>Runs the model on unpadded rows (every position is a token).</summary>
    public override (Tensor Logits, Tensor FinalHidden) forward(Tensor inputIds) => Forward(inputIds, null);

    /// <summary>
    /// input_ids [B, T] with optional attention_mask [B, T] (1 = token, 0 = pad, masked as keys; positions stay
    /// 0..T-1, so pad on the right) -> (logits [B, T, V], final hidden [B, T, H]).
    /// </summary>
    public (Tensor Logits, Tensor FinalHidden) Forward(Tensor inputIds, Tensor? attentionMask)
    {
        using var scope = NewDisposeScope();
        var hidden = _model.Forward(inputIds, attentionMask);                                 // [B, T, H]
        var headWeight = _languageModelHead?.weight ?? _model.EmbeddingWeight;               // [V, H]
        var logits = nn.functional.linear(hidden, headWeight);                                // [B, T, V]
        return (logits.MoveToOuterDisposeScope(), hidden.MoveToOuterDisposeScope());
    }
}
