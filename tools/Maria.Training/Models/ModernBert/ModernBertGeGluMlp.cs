using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Maria.Training.Models.ModernBert;

/// <summary>
/// mlp: Wi [2I, H] -> chunk(2): the FIRST half goes through exact (erf) GELU, the second half is the linear gate;
/// Wo [H, I] projects their product back. No biases.
/// </summary>
public sealed class ModernBertGeGluMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear _input;
    private readonly Linear _output;
    private readonly long _intermediateSize;

    /// <summary>Creates Wi and Wo.</summary>
    public ModernBertGeGluMlp(long hiddenSize, long intermediateSize) : base(nameof(ModernBertGeGluMlp))
    {
        _intermediateSize = intermediateSize;
        _input = nn.Linear(hiddenSize, 2 * intermediateSize, hasBias: false);
        _output = nn.Linear(intermediateSize, hiddenSize, hasBias: false);
        register_module("Wi", _input);
        register_module("Wo", _output);
    }

    /// <summary>[B, T, H] -> [B, T, H].</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var projected = _input.forward(input);                               // [B, T, 2I]
        var activated = nn.functional.gelu(projected.narrow(-1, 0, _intermediateSize));
        var gate = projected.narrow(-1, _intermediateSize, _intermediateSize);
        return _output.forward(activated.mul(gate)).MoveToOuterDisposeScope();
    }
}
