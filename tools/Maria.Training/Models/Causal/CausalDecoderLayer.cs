using Maria.Training.Models.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.Models.Causal;

/// <summary>
/// One pre-norm decoder block: h += self_attn(input_layernorm(h)); h += mlp(post_attention_layernorm(h)).
/// OLMo v1 passes weightless LayerNorms (no tensors), Llama RMSNorms with weights.
/// </summary>
public sealed class CausalDecoderLayer : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> _inputNorm;
    private readonly CausalSelfAttention _attention;
    private readonly nn.Module<Tensor, Tensor> _postAttentionNorm;
    private readonly SwiGluMlp _mlp;

    /// <summary>Assembles the block from its parts (registered under the Hugging Face names).</summary>
    public CausalDecoderLayer(nn.Module<Tensor, Tensor> inputNorm, CausalSelfAttention attention,
        nn.Module<Tensor, Tensor> postAttentionNorm, SwiGluMlp mlp) : base(nameof(CausalDecoderLayer))
    {
        _inputNorm = inputNorm;
        _attention = attention;
        _postAttentionNorm = postAttentionNorm;
        _mlp = mlp;
        register_module("input_layernorm", _inputNorm);
        register_module("self_attn", _attention);
        register_module("post_attention_layernorm", _postAttentionNorm);
        register_module("mlp", _mlp);
    }

    /// <summary>h [B, T, H] -> [B, T, H].</summary>
    public Tensor Forward(Tensor hidden, Tensor cos, Tensor sin, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        var afterAttention = hidden.add(_attention.Forward(_inputNorm.forward(hidden), cos, sin, additiveMask));
        var afterMlp = afterAttention.add(_mlp.forward(_postAttentionNorm.forward(afterAttention)));
        return afterMlp.MoveToOuterDisposeScope();
    }
}
