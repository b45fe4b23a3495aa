using Maria.Training.Models.Common;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Maria.Training.Models.Causal;

/// <summary>
/// Causal self-attention of OLMo v1 and Llama: separate q/k/v/o projections without bias, optional clip_qkv
/// (OLMo: clamp q, k, v to [−c, c] before the head split and RoPE), rotate_half RoPE, grouped-query attention
/// (kv head g serves query heads g·r … g·r+r−1 with r = heads / kv_heads).
/// </summary>
public sealed class CausalSelfAttention : nn.Module
{
    private readonly Linear _query;
    private readonly Linear _key;
    private readonly Linear _value;
    private readonly Linear _output;
    private readonly long _heads;
    private readonly long _keyValueHeads;
    private readonly long _headDim;
    private readonly double? _clipQkv;

    /// <summary>Creates q_proj [heads·D, H], k_proj and v_proj [kv_heads·D, H], o_proj [H, heads·D].</summary>
    public CausalSelfAttention(long hiddenSize, long heads, long keyValueHeads, long headDim, double? clipQkv)
        : base(nameof(CausalSelfAttention))
    {
        _heads = heads;
        _keyValueHeads = keyValueHeads;
        _headDim = headDim;
        _clipQkv = clipQkv;
        _query = nn.Linear(hiddenSize, heads * headDim, hasBias: false);
        _key = nn.Linear(hiddenSize, keyValueHeads * headDim, hasBias: false);
        _value = nn.Linear(hiddenSize, keyValueHeads * headDim, hasBias: false);
        _output = nn.Linear(heads * headDim, hiddenSize, hasBias: false);
        register_module("q_proj", _query);
        register_module("k_proj", _key);
        register_module("v_proj", _value);
        register_module("o_proj", _output);
    }

    /// <summary>x [B, T, H], cos/sin [T, D], additiveMask [B or 1, 1, T, T] -> [B, T, H].</summary>
    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], length = x.shape[1];
        var q = Clip(_query.forward(x));   // [B, T, heads·D]
        var k = Clip(_key.forward(x));     // [B, T, kv·D]
        var v = Clip(_value.forward(x));   // [B, T, kv·D]

        q = q.view(batch, length, _heads, _headDim).transpose(1, 2);          // [B, heads, T, D]
        k = k.view(batch, length, _keyValueHeads, _headDim).transpose(1, 2);  // [B, kv, T, D]
        v = v.view(batch, length, _keyValueHeads, _headDim).transpose(1, 2);  // [B, kv, T, D]
        q = RotaryEmbedding.Apply(q, cos, sin);
        k = RotaryEmbedding.Apply(k, cos, sin);
        if (_keyValueHeads != _heads)
        {
            long repeats = _heads / _keyValueHeads;
            k = k.repeat_interleave(repeats, dim: 1);                          // [B, heads, T, D]
            v = v.repeat_interleave(repeats, dim: 1);
        }
        var context = ScaledDotProductAttention.Compute(q, k, v, additiveMask); // [B, T, heads·D]
        return _output.forward(context).MoveToOuterDisposeScope();
    }

    private Tensor Clip(Tensor projection)
        => _clipQkv is double limit ? projection.clamp(-limit, limit) : projection;
}
