using Maria.Export.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;

namespace Maria.Training.Pretraining;

/// <summary>
/// AdamW with two parameter groups: matrices (embeddings included) get weight decay, norm scales and biases do
/// not (decaying them toward 0 only fights the normalisation).
/// </summary>
internal static class OptimizerFactory
{
    /// <summary>Betas for tiny-model pretraining: 0.95 keeps the second moment responsive on short runs.</summary>
    public const double Beta1 = 0.9, Beta2 = 0.95;

    /// <summary>The AdamW optimizer for <paramref name="module"/>'s parameters.</summary>
    public static AdamW Create(torch.nn.Module module, double learningRate, double weightDecay)
    {
        var decayed = new List<Parameter>();
        var notDecayed = new List<Parameter>();
        foreach (var (name, parameter) in module.named_parameters())
        {
            (TensorRoles.Of(name) == TensorRole.Matrix ? decayed : notDecayed).Add(parameter);
        }
        var groups = new[]
        {
            new AdamW.ParamGroup(decayed, new AdamW.Options { weight_decay = weightDecay }),
            new AdamW.ParamGroup(notDecayed, new AdamW.Options { weight_decay = 0.0 }),
        };
        return torch.optim.AdamW(groups, learningRate, Beta1, Beta2, eps: 1e-8, weight_decay: weightDecay);
    }

    /// <summary>Names of the parameters that receive weight decay (for tests and logs).</summary>
    public static IReadOnlyList<string> DecayedParameterNames(torch.nn.Module module)
        => module.named_parameters().Where(p => TensorRoles.Of(p.name) == TensorRole.Matrix).Select(p => p.name).ToArray();
}
