using Maria.Export.Configs;
using Maria.Training.Models.Causal;
using Maria.Training.Models.ModernBert;
using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.Pretraining;

/// <summary>Builds the model a config describes, seeded so that a run's initial weights depend only on its seed.</summary>
internal static class PretrainingModels
{
    /// <summary>A freshly initialised model for <paramref name="config"/>, drawn after torch.manual_seed(seed).</summary>
    public static IPretrainingModel Create(ModelConfig config, long seed)
    {
        torch.manual_seed(seed);
        return config switch
        {
            OlmoConfig olmo => new Causal(new OlmoForCausalLM(olmo)),
            ModernBertConfig bert => new Masked(new ModernBertForMaskedLM(bert)),
            _ => throw new Runtime.MariaInputException(
                $"pretraining supports OlmoForCausalLM and ModernBertForMaskedLM configs, not {config.Architecture}"),
        };
    }

    private sealed class Causal(OlmoForCausalLM model) : IPretrainingModel
    {
        public nn.Module Module => model;

        public ModelConfig Config => model.Config;

        public Tensor Logits(Tensor inputIds)
        {
            var (logits, finalHidden) = model.forward(inputIds);
            finalHidden.Dispose();
            return logits;
        }

        public void Dispose() => model.Dispose();
    }

    private sealed class Masked(ModernBertForMaskedLM model) : IPretrainingModel
    {
        public nn.Module Module => model;

        public ModelConfig Config => model.Config;

        public Tensor Logits(Tensor inputIds)
        {
            // Pretraining windows are always full, so every position is a real token.
            using var attentionMask = torch.ones_like(inputIds);
            var (logits, headOutput) = model.forward(inputIds, attentionMask);
            headOutput.Dispose();
            return logits;
        }

        public void Dispose() => model.Dispose();
    }
}
