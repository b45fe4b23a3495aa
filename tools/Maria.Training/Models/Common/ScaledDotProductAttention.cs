using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.Models.Common;

/// <summary>softmax(Q·Kᵀ·D^-0.5 + mask)·V with the heads merged back head-major, as the eager HF path computes it.</summary>
public static class ScaledDotProductAttention
{
    /// <summary>
    /// q [B, heads, T, D], k and v [B, heads, S, D] (already repeated for grouped-query attention), additiveMask
    /// broadcastable to [B, heads, T, S] -> [B, T, heads·D].
    /// </summary>
    public static Tensor Compute(Tensor q, Tensor k, Tensor v, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        long batch = q.shape[0], heads = q.shape[1], length = q.shape[2], headDim = q.shape[3];
        var scores = q.matmul(k.transpose(-2, -1)).mul(1.0 / Math.Sqrt(headDim)).add(additiveMask); // [B, h, T, S]
        var probabilities = nn.functional.softmax(scores, -1);
        var context = probabilities.matmul(v);                                                       // [B, h, T, D]
        return context.transpose(1, 2).reshape(batch, length, heads * headDim).MoveToOuterDisposeScope();
    }
}
