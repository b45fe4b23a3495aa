using Maria.Training.Models.Common;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Maria.Training.Models.ModernBert;

/// <summary>
/// attn: fused Wqkv [3H, H] (rows 0..H-1 = Q, H..2H-1 = K, 2H..3H-1 = V; head h at channels 64h..64h+63 of each),
/// RoPE on Q and K, bidirectional attention under the layer's mask, Wo [H, H]. No biases, no GQA.
/// </summary>
public sealed class ModernBertAttention : nn.Module
{
    private readonly Linear _queryKeyValue;
    private readonly Linear _output;
    private readonly long _heads;
    private readonly long _headDim;

    /// <summary>Creates Wqkv and Wo.</summary>
    public ModernBertAttention(long hiddenSize, long heads) : base(nameof(ModernBertAttention))
    {
        _heads = heads;
        _headDim = hiddenSize / heads;
        _queryKeyValue = nn.Linear(hiddenSize, 3 * hiddenSize, hasBias: false);
        _output = nn.Linear(hiddenSize, hiddenSize, hasBias: false);
        register_module("Wqkv", _queryKeyValue);
        register_module("Wo", _output);
    }

    /// <summary>x [B, T, H], cos/sin [T, D], additiveMask [B, 1, T, T] -> [B, T, H].</summary>
    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], length = x.shape[1];
        var qkv = _queryKeyValue.forward(x).view(batch, length, 3, _heads, _headDim);  // [B, T, 3, heads, D]
        var q = qkv.select(2, 0).transpose(1, 2);                                       // [B, heads, T, D]
        var k = qkv.select(2, 1).transpose(1, 2);
        var v = qkv.select(2, 2).transpose(1, 2);
        q = RotaryEmbedding.Apply(q, cos, sin);
        k = RotaryEmbedding.Apply(k, cos, sin);
        var context = ScaledDotProductAttention.Compute(q, k, v, additiveMask);         // [B, T, H]
        return _output.forward(context).MoveToOuterDisposeScope();
    }
}
