using Maria.Export.Configs;
using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.Pretraining;

/// <summary>The one thing the training loop needs from a model: logits for a batch of token ids.</summary>
internal interface IPretrainingModel : IDisposable
{
    /// <summary>The module whose parameters are trained and saved.</summary>
    nn.Module Module { get; }

    /// <summary>The configuration written to config.json.</summary>
    ModelConfig Config { get; }

    /// <summary>input_ids [B, T] (int64) -> logits [B, T, V] (fp32).</summary>
    Tensor Logits(Tensor inputIds);
}
