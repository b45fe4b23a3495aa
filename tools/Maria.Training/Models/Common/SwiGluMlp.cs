using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Maria.Training.Models.Common;

/// <summary>OLMo/Llama MLP: down_proj(silu(gate_proj(x)) ⊙ up_proj(x)), no biases.</summary>
public sealed class SwiGluMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear _gate;
    private readonly Linear _up;
    private readonly Linear _down;

    /// <summary>Creates gate_proj, up_proj [I, H] and down_proj [H, I].</summary>
    public SwiGluMlp(long hiddenSize, long intermediateSize) : base(nameof(SwiGluMlp))
    {
        _gate = nn.Linear(hiddenSize, intermediateSize, hasBias: false);
        _up = nn.Linear(hiddenSize, intermediateSize, hasBias: false);
        _down = nn.Linear(intermediateSize, hiddenSize, hasBias: false);
        register_module("gate_proj", _gate);
        register_module("up_proj", _up);
        register_module("down_proj", _down);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var gate = _gate.forward(input);          // [B, T, I]
        using var activated = nn.functional.silu(gate);
        using var up = _up.forward(input);              // [B, T, I]
        using var product = activated.mul(up);
        return _down.forward(product);                  // [B, T, H]
    }
}
