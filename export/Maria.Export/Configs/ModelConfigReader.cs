using System.Text.Json;

namespace Maria.Export.Configs;

/// <summary>
/// Reads a Hugging Face config.json into the matching <see cref="ModelConfig"/> record and validates it.
/// Supported architectures: ModernBertForMaskedLM, OlmoForCausalLM, LlamaForCausalLM; anything else is refused by name.
/// </summary>
public static class ModelConfigReader
{
    /// <summary>The <c>architectures[0]</c> values this reader understands.</summary>
    public static IReadOnlyList<string> SupportedArchitectures { get; } = ["ModernBertForMaskedLM", "OlmoForCausalLM", "LlamaForCausalLM"];

    /// <summary>Reads and validates the config.json at <paramref name="configJsonPath"/>.</summary>
    public static ModelConfig Read(string configJsonPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(configJsonPath);
        if (!File.Exists(configJsonPath))
        {
            throw new ModelConfigException($"config '{configJsonPath}' does not exist; a Hugging Face checkpoint folder has a config.json next to its weights");
        }
        return Parse(File.ReadAllText(configJsonPath), configJsonPath);
    }

    /// <summary>Parses and validates config.json text; <paramref name="sourceName"/> names it in messages.</summary>
    public static ModelConfig Parse(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new ModelConfigException($"config '{sourceName}' is not valid JSON or repeats a key ({e.Message.ReplaceLineEndings(" ")}); fix or re-download config.json", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ModelConfigException($"config '{sourceName}' is a JSON {document.RootElement.ValueKind}, not an object; fix or re-download config.json");
            }
            var config = new ConfigJson(document.RootElement, sourceName);
            string architecture = ReadArchitecture(config);
            ModelConfig result = architecture switch
            {
                "ModernBertForMaskedLM" => ModernBertConfigReader.Read(config),
                "OlmoForCausalLM" => CausalLmConfigReader.ReadOlmo(config),
                "LlamaForCausalLM" => CausalLmConfigReader.ReadLlama(config),
                _ => throw new ModelConfigException(
                    $"config '{sourceName}': architecture '{architecture}' is not supported; supported: {string.Join(", ", SupportedArchitectures)}"),
            };
            if (config.OptionalString("model_type") is string modelType && modelType != result.ModelType)
            {
                throw config.Error("model_type", $"is \"{modelType}\" but the architecture {architecture} has model_type \"{result.ModelType}\"");
            }
            result.Validate(sourceName);
            return result;
        }
    }

    /// <summary><c>architectures[0]</c>, or the architecture implied by <c>model_type</c> when the list is absent.</summary>
    private static string ReadArchitecture(ConfigJson config)
    {
        if (config.Element("architectures") is JsonElement list)
        {
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() != 1 || list[0].ValueKind != JsonValueKind.String)
            {
                throw config.Error("architectures", $"is {list.GetRawText()}; expected a list with one architecture name such as [\"OlmoForCausalLM\"]");
            }
            return list[0].GetString()!;
        }
        return config.OptionalString("model_type") switch
        {
            "modernbert" => "ModernBertForMaskedLM",
            "olmo" => "OlmoForCausalLM",
            "llama" => "LlamaForCausalLM",
            string other => throw new ModelConfigException(
                $"config '{config.SourceName}': model_type '{other}' is not supported; supported: {string.Join(", ", SupportedArchitectures)}"),
            null => throw config.Error("architectures", "is missing and so is model_type; say which architecture the checkpoint is"),
        };
    }
}
