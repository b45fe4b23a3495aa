using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.Models.Common;

/// <summary>
/// OLMo v1's LayerNorm: no γ, no β, ε = 1e-5 (hard-coded in HF), computed in fp32. It owns no tensors, which is
/// why OLMo checkpoints contain no norm weights at all.
/// </summary>
public sealed class WeightlessLayerNorm : nn.Module<Tensor, Tensor>
{
    /// <summary>The ε OLMo v1 uses.</summary>
    public const double Epsilon = 1e-5;

    /// <summary>Creates the parameter-free norm.</summary>
    public WeightlessLayerNorm() : base(nameof(WeightlessLayerNorm))
    {
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (input.dtype == ScalarType.Float32)
        {
            return nn.functional.layer_norm(input, new[] { input.shape[^1] }, null, null, Epsilon);
        }
        using var upcast = input.to_type(ScalarType.Float32);
        using var normalized = nn.functional.layer_norm(upcast, new[] { input.shape[^1] }, null, null, Epsilon);
        return normalized.to_type(input.dtype);
    }
}
