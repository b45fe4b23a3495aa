using Maria.Export.Checkpoints;
using Maria.Export.Head;
using Maria.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.HeadTraining;

/// <summary>
/// The two starting points the paper compares (its Figure 2): the product of experts W3 = [W1/2, W2/2], b3 = b2/2
/// (maria-method.md §3), read from the very checkpoints the package was exported from, or PyTorch's default Linear
/// initialisation drawn from the run's seed.
/// </summary>
internal static class HeadInitialization
{
    /// <summary>Product-of-experts initialisation (the paper's default).</summary>
    public const string Product = "product";

    /// <summary>PyTorch's default Linear initialisation (the ablation).</summary>
    public const string Random = "random";

    /// <summary>Sets <paramref name="head"/>'s weights from the product of the two checkpoints' output layers.</summary>
    public static void LoadProduct(LinearHead head, string arCheckpoint, string mlmCheckpoint)
    {
        using var ar = HuggingFaceCheckpoint.Open(arCheckpoint);
        using var mlm = HuggingFaceCheckpoint.Open(mlmCheckpoint);
        using var product = MariaHead.ProductOfExperts(ar, mlm, head.SharedVocabularySize);
        if (product.ArHiddenSize != head.ArHiddenSize || product.MlmHiddenSize != head.MlmHiddenSize)
        {
            throw new MariaInputException(
                $"the checkpoints give a head over [{product.ArHiddenSize} ; {product.MlmHiddenSize}] features but the package's graphs produce [{head.ArHiddenSize} ; {head.MlmHiddenSize}]; pass the --ar and --mlm folders the package was exported from");
        }
        var (weight, bias) = product.ReadWeights();
        head.SetWeights(weight, bias);
    }

    /// <summary>Redraws <paramref name="head"/>'s weights with PyTorch's Linear default from <paramref name="seed"/>.</summary>
    public static void LoadRandom(LinearHead head, long seed)
    {
        torch.manual_seed(seed);
        using var fresh = nn.Linear(head.InFeatures, head.SharedVocabularySize);
        using (torch.no_grad())
        {
            head.Weight.copy_(fresh.weight!);
            head.Bias.copy_(fresh.bias!);
        }
    }
}
