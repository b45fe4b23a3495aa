using System.Text.Json;

namespace Maria.Export.Configs;

/// <summary>
/// Typed access to the keys of a parsed config.json, with one-line errors that name the source and the key.
/// A key whose value is JSON null counts as absent, as in Hugging Face's config classes.
/// </summary>
internal sealed class ConfigJson(JsonElement root, string sourceName)
{
    public string SourceName { get; } = sourceName;

    public bool Has(string key) => root.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null;

    public bool IsExplicitNull(string key) => root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Null;

    public JsonElement? Element(string key)
        => root.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public int RequiredInt(string key)
        => OptionalInt(key) ?? throw Error(key, "is missing; it is required for this architecture");

    public int Int(string key, int fallback) => OptionalInt(key) ?? fallback;

    public int? OptionalInt(string key)
    {
        if (Element(key) is not JsonElement value)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int result))
        {
            return result;
        }
        throw Error(key, $"is {value.GetRawText()}; expected an integer");
    }

    public double Double(string key, double fallback) => OptionalDouble(key) ?? fallback;

    public double? OptionalDouble(string key)
    {
        if (Element(key) is not JsonElement value)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Error(key, $"is {value.GetRawText()}; expected a number");
    }

    public bool Bool(string key, bool fallback)
    {
        if (Element(key) is not JsonElement value)
        {
            return fallback;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(key, $"is {value.GetRawText()}; expected true or false"),
        };
    }

    public string String(string key, string fallback) => OptionalString(key) ?? fallback;

    public string? OptionalString(string key)
    {
        if (Element(key) is not JsonElement value)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Error(key, $"is {value.GetRawText()}; expected a string");
    }

    /// <summary>An id that config.json may write as one integer or as a list (Llama 3 instruct lists several EOS ids).</summary>
    public int? OptionalTokenId(string key)
    {
        if (Element(key) is JsonElement value && value.ValueKind == JsonValueKind.Array)
        {
            var first = value.EnumerateArray().FirstOrDefault();
            return first.ValueKind == JsonValueKind.Number && first.TryGetInt32(out int id)
                ? id
                : throw Error(key, $"is {value.GetRawText()}; expected an integer or a non-empty list of integers");
        }
        return OptionalInt(key);
    }

    /// <summary>Refuses a key whose true value would need weights or computation this project does not implement.</summary>
    public void RequireFalse(string key, string why)
    {
        if (Bool(key, false))
        {
            throw Error(key, $"is true, but {why}");
        }
    }

    public ModelConfigException Error(string key, string problem)
        => new($"config '{SourceName}', key '{key}' {problem}; fix config.json or use the checkpoint's original one");
}
