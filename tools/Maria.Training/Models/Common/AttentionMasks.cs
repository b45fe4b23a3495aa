using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.Models.Common;

/// <summary>
/// Boolean "may attend" masks and their conversion to an additive mask with a finite large negative (fp32 min, as
/// Hugging Face does): never −inf, so a fully masked row (a pad query in a local layer) becomes uniform, not NaN.
/// </summary>
public static class AttentionMasks
{
    /// <summary>The additive value for a forbidden key: torch.finfo(float32).min.</summary>
    public const float MaskedValue = float.MinValue;

    /// <summary>Keys that are real tokens: attentionMask [B, T] (1 = token, 0 = pad) -> [B, 1, 1, T] bool.</summary>
    public static Tensor RealKeys(Tensor attentionMask)
    {
        using var real = attentionMask.ne(0);
        return real.unsqueeze(1).unsqueeze(1);
    }

    /// <summary>Query q may see key k iff |q − k| ≤ halfWindow: [1, 1, T, T] bool.</summary>
    public static Tensor SlidingWindow(long sequenceLength, long halfWindow, Device device)
    {
        using var scope = NewDisposeScope();
        var index = arange(sequenceLength, ScalarType.Int64, device: device);
        var distance = (index.unsqueeze(1) - index.unsqueeze(0)).abs();   // [T, T], rows = queries
        return distance.le(halfWindow).unsqueeze(0).unsqueeze(0).MoveToOuterDisposeScope();
    }

    /// <summary>Query q may see key k iff k ≤ q: [1, 1, T, T] bool.</summary>
    public static Tensor Causal(long sequenceLength, Device device)
    {
        using var ones = torch.ones(sequenceLength, sequenceLength, ScalarType.Bool, device: device);
        using var lower = ones.tril();
        return lower.unsqueeze(0).unsqueeze(0);
    }

    /// <summary>0 where allowed, <see cref="MaskedValue"/> where not: same shape as <paramref name="allowed"/>, fp32.</summary>
    public static Tensor ToAdditive(Tensor allowed)
    {
        using var forbidden = allowed.logical_not();
        using var zeros = torch.zeros(allowed.shape, ScalarType.Float32, device: allowed.device);
        return zeros.masked_fill(forbidden, MaskedValue);
    }
}
