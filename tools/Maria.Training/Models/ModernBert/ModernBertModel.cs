using Maria.Export.Configs;
using Maria.Training.Models.Common;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Maria.Training.Models.ModernBert;

/// <summary>
/// The "model." subtree of ModernBERT: embeddings, layers.{i}, final_norm. Global layers (i % every_n == 0) use
/// RoPE θ = global_rope_theta and see every real key; local layers use θ = local_rope_theta and see real keys with
/// |q − k| ≤ local_attention / 2 (architectures.md §1.3).
/// </summary>
public sealed class ModernBertModel : nn.Module
{
    private readonly ModernBertConfig _config;
    private readonly ModernBertEmbeddings _embeddings;
    private readonly ModuleList<ModernBertEncoderLayer> _layers;
    private readonly LayerNormWithoutBias _finalNorm;

    /// <summary>Creates the encoder stack for <paramref name="config"/>.</summary>
    public ModernBertModel(ModernBertConfig config) : base(nameof(ModernBertModel))
    {
        _config = config;
        _embeddings = new ModernBertEmbeddings(config.VocabSize, config.HiddenSize, config.NormEps);
        _layers = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers)
            .Select(i => new ModernBertEncoderLayer(config.HiddenSize, config.IntermediateSize, config.NumAttentionHeads,
                config.NormEps, hasAttentionNorm: i > 0))
            .ToArray());
        _finalNorm = new LayerNormWithoutBias(config.HiddenSize, config.NormEps);
        register_module("embeddings", _embeddings);
        register_module("layers", _layers);
        register_module("final_norm", _finalNorm);
    }

    /// <summary>The token embedding matrix [V, H] (the tied decoder weight).</summary>
    public Parameter TokenEmbeddingWeight => _embeddings.TokenEmbeddingWeight;

    /// <summary>
    /// input_ids [B, T], attention_mask [B, T] (1 = token, 0 = pad; positions are 0..T-1 regardless, so pad on the
    /// right) -> last_hidden_state after final_norm [B, T, H].
    /// </summary>
    public Tensor Forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        long length = inputIds.shape[1];
        long headDim = _config.HiddenSize / _config.NumAttentionHeads;
        var device = inputIds.device;
        var realKeys = AttentionMasks.RealKeys(attentionMask);                                      // [B, 1, 1, T]
        var globalMask = AttentionMasks.ToAdditive(realKeys.expand(-1, 1, length, -1));              // [B, 1, T, T]
        var window = AttentionMasks.SlidingWindow(length, _config.LocalAttention / 2, device);      // [1, 1, T, T]
        var localMask = AttentionMasks.ToAdditive(realKeys.logical_and(window));                     // [B, 1, T, T]
        var (globalCos, globalSin) = RotaryEmbedding.Tables(length, headDim, _config.GlobalRopeTheta, device);
        var (localCos, localSin) = RotaryEmbedding.Tables(length, headDim, _config.LocalRopeTheta, device);

        var hidden = _embeddings.forward(inputIds);                                                  // [B, T, H]
        for (int i = 0; i < _layers.Count; i++)
        {
            hidden = _config.IsGlobalLayer(i)
                ? _layers[i].Forward(hidden, globalCos, globalSin, globalMask)
                : _layers[i].Forward(hidden, localCos, localSin, localMask);
        }
        return _finalNorm.forward(hidden).MoveToOuterDisposeScope();
    }
}
