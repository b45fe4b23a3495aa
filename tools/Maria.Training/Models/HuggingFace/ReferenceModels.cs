using Maria.Export.Configs;
using Maria.Runtime;
using Maria.Training.Models.Causal;
using Maria.Training.Models.ModernBert;
using TorchSharp;

namespace Maria.Training.Models.HuggingFace;

/// <summary>Builds the TorchSharp reference module that matches a config record.</summary>
public static class ReferenceModels
{
    /// <summary>
    /// A freshly initialised <see cref="ModernBertForMaskedLM"/>, <see cref="OlmoForCausalLM"/> or
    /// <see cref="LlamaForCausalLM"/> for <paramref name="config"/>; other architectures are refused by name.
    /// </summary>
    public static torch.nn.Module Create(ModelConfig config) => config switch
    {
        ModernBertConfig modernBert => new ModernBertForMaskedLM(modernBert),
        OlmoConfig olmo => new OlmoForCausalLM(olmo),
        LlamaConfig llama => new LlamaForCausalLM(llama),
        _ => throw new MariaInputException(
            $"architecture '{config.Architecture}' has no TorchSharp reference; supported: ModernBertForMaskedLM, OlmoForCausalLM, LlamaForCausalLM"),
    };
}
