using Maria.Training.Models.Common;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Maria.Training.Models.Causal;

/// <summary>The "model." subtree of OLMo v1 and Llama: embed_tokens, layers.{i}, norm.</summary>
public sealed class CausalDecoderModel : nn.Module
{
    private readonly Embedding _embedTokens;
    private readonly ModuleList<CausalDecoderLayer> _layers;
    private readonly nn.Module<Tensor, Tensor> _finalNorm;
    private readonly long _headDim;
    private readonly double _ropeTheta;

    /// <summary>Assembles the decoder stack (registered under the Hugging Face names).</summary>
    public CausalDecoderModel(long vocabSize, long hiddenSize, IEnumerable<CausalDecoderLayer> layers,
        nn.Module<Tensor, Tensor> finalNorm, long headDim, double ropeTheta) : base(nameof(CausalDecoderModel))
    {
        _headDim = headDim;
        _ropeTheta = ropeTheta;
        _embedTokens = nn.Embedding(vocabSize, hiddenSize);
        _layers = nn.ModuleList(layers.ToArray());
        _finalNorm = finalNorm;
        register_module("embed_tokens", _embedTokens);
        register_module("layers", _layers);
        register_module("norm", _finalNorm);
    }

    /// <summary>The token embedding matrix [V, H] (also the output head when the weights are tied).</summary>
    public Parameter EmbeddingWeight => _embedTokens.weight!;

    /// <summary>
    /// input_ids [B, T] (positions 0..T-1), optional attention_mask [B, T] (1 = token, 0 = pad; pads are masked as
    /// keys) -> final hidden states after the last norm [B, T, H].
    /// </summary>
    public Tensor Forward(Tensor inputIds, Tensor? attentionMask)
    {
        using var scope = NewDisposeScope();
        long length = inputIds.shape[1];
        var (cos, sin) = RotaryEmbedding.Tables(length, _headDim, _ropeTheta, inputIds.device);
        var allowed = AttentionMasks.Causal(length, inputIds.device);                  // [1, 1, T, T]
        if (attentionMask is not null)
        {
            allowed = allowed.logical_and(AttentionMasks.RealKeys(attentionMask));     // [B, 1, T, T]
        }
        var additiveMask = AttentionMasks.ToAdditive(allowed);
        var hidden = _embedTokens.forward(inputIds);                                    // [B, T, H]
        foreach (var layer in _layers)
        {
            hidden = layer.Forward(hidden, cos, sin, additiveMask);
        }
        return _finalNorm.forward(hidden).MoveToOuterDisposeScope();
    }
}
