using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Runtime;

namespace Maria.Export.Architectures.ModernBert;

/// <summary>
/// Checks, before any node is emitted, that a ModernBERT checkpoint is one the encoder graph reproduces exactly:
/// config features the graph implements, and every tensor present, floating point and of the shape config.json
/// implies. Each refusal is one line naming the file or tensor, expected and actual, and what to do.
/// </summary>
internal static class ModernBertCheckpointCheck
{
    /// <summary>Validates the checkpoint and the request against it; returns the name of the decoder matrix to use.</summary>
    public static string Validate(HuggingFaceCheckpoint checkpoint, ModernBertConfig config, int sharedVocabularySize, int contextLength)
    {
        string configPath = Path.Combine(checkpoint.Directory, "config.json");
        RequireSupportedConfig(config, configPath);
        if (sharedVocabularySize < 1 || sharedVocabularySize > config.VocabSize)
        {
            throw new MariaInputException(
                $"shared vocabulary size {sharedVocabularySize} is outside 1..{config.VocabSize} (vocab_size of {configPath}); the MLM logits can only cover rows the embedding matrix has");
        }
        if (contextLength < 1 || contextLength > config.MaxPositionEmbeddings)
        {
            throw new MariaInputException(
                $"encoder context length {contextLength} is outside 1..{config.MaxPositionEmbeddings} (max_position_embeddings of {configPath}); pick a context length the model was trained for");
        }

        var tensors = checkpoint.Tensors;
        var required = ModernBertTensorNames.Required(config);
        foreach (var (name, shape) in required)
        {
            RequireTensor(tensors, checkpoint.Directory, name, shape);
        }

        bool hasDecoderWeight = tensors.Contains(ModernBertTensorNames.DecoderWeight);
        if (hasDecoderWeight)
        {
            RequireTensor(tensors, checkpoint.Directory, ModernBertTensorNames.DecoderWeight, [config.VocabSize, config.HiddenSize]);
        }
        else if (!config.TieWordEmbeddings)
        {
            throw new MariaInputException(
                $"checkpoint '{checkpoint.Directory}' lacks tensor '{ModernBertTensorNames.DecoderWeight}' [{config.VocabSize}, {config.HiddenSize}] although config.json says tie_word_embeddings=false; add the tensor or set tie_word_embeddings to true");
        }

        var known = required.Select(t => t.Name).Append(ModernBertTensorNames.DecoderWeight).ToHashSet(StringComparer.Ordinal);
        string? unexpected = tensors.Tensors.Select(t => t.Name).Where(name => !known.Contains(name)).Order(StringComparer.Ordinal).FirstOrDefault();
        if (unexpected is not null)
        {
            throw new MariaInputException(
                $"checkpoint '{checkpoint.Directory}' has tensor '{unexpected}' that ModernBertForMaskedLM with this config.json does not use; the weights and config.json describe different models");
        }

        // Hugging Face ties decoder.weight to the embeddings whenever tie_word_embeddings is true, ignoring a stored copy.
        return config.TieWordEmbeddings || !hasDecoderWeight ? ModernBertTensorNames.TokenEmbeddings : ModernBertTensorNames.DecoderWeight;
    }

    private static void RequireSupportedConfig(ModernBertConfig config, string configPath)
    {
        if (config.HiddenActivation != "gelu")
        {
            throw Unsupported(configPath, "hidden_activation", $"\"{config.HiddenActivation}\"", "\"gelu\" (exact erf GELU)");
        }
        if (config.ClassifierActivation != "gelu")
        {
            throw Unsupported(configPath, "classifier_activation", $"\"{config.ClassifierActivation}\"", "\"gelu\" (exact erf GELU)");
        }
        if (config.NormBias)
        {
            throw Unsupported(configPath, "norm_bias", "true", "false");
        }
        if (config.ClassifierBias)
        {
            throw Unsupported(configPath, "classifier_bias", "true", "false");
        }
        if (config.HiddenSize % config.NumAttentionHeads != 0 || config.HeadDim % 2 != 0)
        {
            throw new MariaInputException(
                $"{configPath}: hidden_size {config.HiddenSize} / num_attention_heads {config.NumAttentionHeads} must give an even head dimension for rotary embeddings");
        }
    }

    private static MariaInputException Unsupported(string configPath, string key, string actual, string supported) =>
        new($"{configPath}: {key} is {actual}; the ModernBERT encoder graph implements {supported} only, as in the public checkpoints");

    private static void RequireTensor(ITensorSource tensors, string directory, string name, long[] expected)
    {
        string expectedText = "[" + string.Join(", ", expected) + "]";
        if (!tensors.Contains(name))
        {
            throw new MariaInputException(
                $"checkpoint '{directory}' lacks tensor '{name}' {expectedText} that config.json implies; check that config.json belongs to these weights and that no shard is missing");
        }
        var info = tensors.GetInfo(name);
        if (!info.Shape.AsSpan().SequenceEqual(expected))
        {
            throw new MariaInputException(
                $"checkpoint '{directory}': tensor '{name}' has shape {info.ShapeText}, config.json implies {expectedText}; check that config.json belongs to these weights");
        }
        if (!info.DType.IsFloatingPoint())
        {
            throw new MariaInputException(
                $"checkpoint '{directory}': tensor '{name}' is {info.DType.ToHeaderString()}, expected a floating-point type (F32, F16, BF16 or F64); re-save the weights unquantised");
        }
    }
}
