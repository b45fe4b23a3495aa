using Maria.Training.Models.Common;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Maria.Training.Models.ModernBert;

/// <summary>head: dense [H, H] (no bias) -> exact GELU -> norm (LayerNorm γ only). Order is dense, act, norm.</summary>
public sealed class ModernBertPredictionHead : nn.Module<Tensor, Tensor>
{
    private readonly Linear _dense;
    private readonly LayerNormWithoutBias _norm;

    /// <summary>Creates dense and norm.</summary>
    public ModernBertPredictionHead(long hiddenSize, double normEpsilon) : base(nameof(ModernBertPredictionHead))
    {
        _dense = nn.Linear(hiddenSize, hiddenSize, hasBias: false);
        _norm = new LayerNormWithoutBias(hiddenSize, normEpsilon);
        register_module("dense", _dense);
        register_module("norm", _norm);
    }

    /// <summary>[B, T, H] -> head output u [B, T, H].</summary>
    public override Tensor forward(Tensor hidden)
    {
        using var dense = _dense.forward(hidden);
        using var activated = nn.functional.gelu(dense);
        return _norm.forward(activated);
    }
}
