using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Maria.Training.HeadTraining;

/// <summary>
/// The MARIA head z = W3 [v ; u] + b3 as a TorchSharp module: <c>weight</c> [V_s, d_ar + d_mlm] (PyTorch Linear
/// orientation, the layout of the head safetensors file) and <c>bias</c> [V_s].
/// </summary>
internal sealed class LinearHead : nn.Module<Tensor, Tensor>
{
    private readonly Linear linear;

    public LinearHead(int arHiddenSize, int mlmHiddenSize, int sharedVocabularySize) : base("maria_head")
    {
        ArHiddenSize = arHiddenSize;
        MlmHiddenSize = mlmHiddenSize;
        SharedVocabularySize = sharedVocabularySize;
        linear = nn.Linear(arHiddenSize + mlmHiddenSize, sharedVocabularySize);
        RegisterComponents();
    }

    public int ArHiddenSize { get; }

    public int MlmHiddenSize { get; }

    public int InFeatures => ArHiddenSize + MlmHiddenSize;

    public int SharedVocabularySize { get; }

    public Parameter Weight => linear.weight!;

    public Parameter Bias => linear.bias!;

    /// <summary>features [m, d_ar + d_mlm] -> logits [m, V_s].</summary>
    public override Tensor forward(Tensor features) => linear.forward(features);

    /// <summary>Copies row-major W3 [V_s, d_ar + d_mlm] and b3 [V_s] into the parameters.</summary>
    public void SetWeights(float[] weight, float[] bias)
    {
        using var scope = torch.NewDisposeScope();
        using (torch.no_grad())
        {
            Weight.copy_(torch.tensor(weight, [SharedVocabularySize, InFeatures]));
            Bias.copy_(torch.tensor(bias, [SharedVocabularySize]));
        }
    }

    /// <summary>The parameters as row-major arrays (W3, b3).</summary>
    public (float[] Weight, float[] Bias) ReadWeights()
    {
        using var scope = torch.NewDisposeScope();
        return (Weight.detach().contiguous().data<float>().ToArray(), Bias.detach().contiguous().data<float>().ToArray());
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            linear.Dispose();
        }
        base.Dispose(disposing);
    }
}
