using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.Models.Common;

/// <summary>
/// Rotary position embedding in the rotate_half (GPT-NeoX, non-interleaved) layout used by ModernBERT, OLMo and
/// Llama (architectures.md §0): for d &lt; D/2, x'[d] = x[d]·cos(a_d) − x[d+D/2]·sin(a_d); for d ≥ D/2,
/// x'[d] = x[d]·cos(a_{d−D/2}) + x[d−D/2]·sin(a_{d−D/2}), with a_k = p / θ^(2k/D).
/// </summary>
public static class RotaryEmbedding
{
    /// <summary>
    /// Inverse frequencies 1/θ^(2k/D) for k = 0..D/2-1, computed in double and rounded once to fp32 so that every
    /// implementation (TorchSharp, ONNX tables, the tests' naive loops) starts from the same fp32 values.
    /// </summary>
    public static float[] InverseFrequencies(long headDim, double theta)
    {
        var inverse = new float[headDim / 2];
        for (int k = 0; k < inverse.Length; k++)
        {
            inverse[k] = (float)(1.0 / Math.Pow(theta, 2.0 * k / headDim));
        }
        return inverse;
    }

    /// <summary>cos and sin tables, each [T, D] in fp32, for positions 0..T-1 (angles p·inv_freq in fp32 as HF does).</summary>
    public static (Tensor Cos, Tensor Sin) Tables(long sequenceLength, long headDim, double theta, Device device)
    {
        using var scope = NewDisposeScope();
        var inverse = tensor(InverseFrequencies(headDim, theta), device: device);   // [D/2]
        var positions = arange(sequenceLength, ScalarType.Float32, device: device);  // [T]
        var angles = outer(positions, inverse);                                      // [T, D/2]
        var doubled = cat(new[] { angles, angles }, -1);                            // [T, D]
        return (doubled.cos().MoveToOuterDisposeScope(), doubled.sin().MoveToOuterDisposeScope());
    }

    /// <summary>Rotates queries or keys x [B, heads, T, D] by the tables cos, sin [T, D].</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        long half = x.shape[^1] / 2;
        using var firstHalf = x.narrow(-1, 0, half);
        using var secondHalf = x.narrow(-1, half, half);
        using var negatedSecond = secondHalf.neg();
        using var rotated = cat(new[] { negatedSecond, firstHalf }, -1);   // rotate_half(x)
        using var cosinePart = x.mul(cos);
        using var sinePart = rotated.mul(sin);
        return cosinePart.add(sinePart);
    }
}
