using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Maria.Training.Models.ModernBert;

/// <summary>
/// decoder: the MLM output layer whose weight is tied to model.embeddings.tok_embeddings.weight, so the only tensor
/// it owns is "bias" [V] (the public checkpoints carry no decoder.weight).
/// </summary>
public sealed class TiedDecoderBias : nn.Module
{
    /// <summary>Creates the zero bias.</summary>
    public TiedDecoderBias(long vocabSize) : base(nameof(TiedDecoderBias))
    {
        Bias = new Parameter(torch.zeros(vocabSize));
        register_parameter("bias", Bias);
    }

    /// <summary>decoder.bias [V].</summary>
    public Parameter Bias { get; }
}
