using Maria.Export.Configs;
using Maria.Runtime;

namespace Maria.Training.Models.ModernBert;

/// <summary>
/// The ModernBERT options the reference implements: those of the public checkpoints (no norm or classifier biases, a
/// decoder bias, exact GELU). Anything else is refused by name instead of being silently computed differently.
/// </summary>
public static class ModernBertSupport
{
    /// <summary>Throws <see cref="MariaInputException"/> naming the first config value the reference does not implement.</summary>
    public static void Require(ModernBertConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.NormBias)
        {
            throw Unsupported("norm_bias", "true", "false");
        }
        if (config.ClassifierBias)
        {
            throw Unsupported("classifier_bias", "true", "false");
        }
        if (!config.DecoderBias)
        {
            throw Unsupported("decoder_bias", "false", "true");
        }
        if (config.HiddenActivation != "gelu")
        {
            throw Unsupported("hidden_activation", config.HiddenActivation, "gelu");
        }
        if (config.ClassifierActivation != "gelu")
        {
            throw Unsupported("classifier_activation", config.ClassifierActivation, "gelu");
        }
        if (!config.TieWordEmbeddings)
        {
            throw Unsupported("tie_word_embeddings", "false", "true");
        }
    }

    private static MariaInputException Unsupported(string key, string actual, string supported)
        => new($"ModernBERT config key '{key}' is {actual}; the TorchSharp reference implements only {supported}, as in the public ModernBERT checkpoints");
}
