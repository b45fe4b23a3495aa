using Maria.Export.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.Models.Common;

/// <summary>Hugging Face-style initial weights for a freshly built module, drawn from torch's global generator.</summary>
public static class ParameterInitialization
{
    /// <summary>
    /// Matrices ~ normal(0, 0.02), norm scales = 1, biases = 0 (roles by <see cref="TensorRoles.Of"/>). Seed with
    /// <c>torch.manual_seed</c> first for a reproducible module.
    /// </summary>
    public static void ResetToHuggingFaceDefaults(nn.Module module)
    {
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            switch (TensorRoles.Of(name))
            {
                case TensorRole.Bias:
                    parameter.zero_();
                    break;
                case TensorRole.NormScale:
                    parameter.fill_(1.0);
                    break;
                default:
                    parameter.normal_(0.0, TensorRoles.InitializerRange);
                    break;
            }
        }
    }
}
