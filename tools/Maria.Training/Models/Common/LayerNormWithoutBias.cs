using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Maria.Training.Models.Common;

/// <summary>LayerNorm with a learned scale γ (parameter "weight", [H]) and no bias: ModernBERT's norms.</summary>
public sealed class LayerNormWithoutBias : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _weight;
    private readonly double _epsilon;

    /// <summary>Creates the norm over the last axis of size <paramref name="hiddenSize"/>, γ = 1.</summary>
    public LayerNormWithoutBias(long hiddenSize, double epsilon) : base(nameof(LayerNormWithoutBias))
    {
        _epsilon = epsilon;
        _weight = new Parameter(torch.ones(hiddenSize));
        register_parameter("weight", _weight);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
        => nn.functional.layer_norm(input, new[] { input.shape[^1] }, _weight, null, _epsilon);
}
