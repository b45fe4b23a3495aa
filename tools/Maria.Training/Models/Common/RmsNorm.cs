using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Maria.Training.Models.Common;

/// <summary>Llama's RMSNorm: y = x / sqrt(mean(x²) + ε) · γ, in fp32, no mean subtraction (parameter "weight", [H]).</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _weight;
    private readonly double _epsilon;

    /// <summary>Creates the norm over the last axis of size <paramref name="hiddenSize"/>, γ = 1.</summary>
    public RmsNorm(long hiddenSize, double epsilon) : base(nameof(RmsNorm))
    {
        _epsilon = epsilon;
        _weight = new Parameter(torch.ones(hiddenSize));
        register_parameter("weight", _weight);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.to_type(ScalarType.Float32);
        var meanSquare = x.square().mean(new long[] { -1 }, keepdim: true);   // [.., 1]
        var normalized = x.mul(meanSquare.add(_epsilon).rsqrt());
        return normalized.to_type(input.dtype).mul(_weight).MoveToOuterDisposeScope();
    }
}
