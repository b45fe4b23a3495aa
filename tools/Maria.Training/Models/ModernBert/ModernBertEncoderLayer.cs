using Maria.Training.Models.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.Models.ModernBert;

/// <summary>
/// One pre-norm encoder block: h += attn(attn_norm(h)); h += mlp(mlp_norm(h)). Layer 0 has no attn_norm (Identity,
/// and no tensor in the checkpoint).
/// </summary>
public sealed class ModernBertEncoderLayer : nn.Module
{
    private readonly LayerNormWithoutBias? _attentionNorm;
    private readonly ModernBertAttention _attention;
    private readonly LayerNormWithoutBias _mlpNorm;
    private readonly ModernBertGeGluMlp _mlp;

    /// <summary>Creates the block; <paramref name="hasAttentionNorm"/> is false for layer 0.</summary>
    public ModernBertEncoderLayer(long hiddenSize, long intermediateSize, long heads, double normEpsilon, bool hasAttentionNorm)
        : base(nameof(ModernBertEncoderLayer))
    {
        if (hasAttentionNorm)
        {
            _attentionNorm = new LayerNormWithoutBias(hiddenSize, normEpsilon);
            register_module("attn_norm", _attentionNorm);
        }
        _attention = new ModernBertAttention(hiddenSize, heads);
        _mlpNorm = new LayerNormWithoutBias(hiddenSize, normEpsilon);
        _mlp = new ModernBertGeGluMlp(hiddenSize, intermediateSize);
        register_module("attn", _attention);
        register_module("mlp_norm", _mlpNorm);
        register_module("mlp", _mlp);
    }

    /// <summary>h [B, T, H] with this layer's RoPE tables and mask -> [B, T, H].</summary>
    public Tensor Forward(Tensor hidden, Tensor cos, Tensor sin, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        var attentionInput = _attentionNorm is null ? hidden : _attentionNorm.forward(hidden);
        var afterAttention = hidden.add(_attention.Forward(attentionInput, cos, sin, additiveMask));
        var afterMlp = afterAttention.add(_mlp.forward(_mlpNorm.forward(afterAttention)));
        return afterMlp.MoveToOuterDisposeScope();
    }
}
