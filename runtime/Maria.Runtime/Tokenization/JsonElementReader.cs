using System.Text.Json;

namespace Maria.Runtime.Tokenization;

/// <summary>Typed access to tokenizer.json values with one-line errors that name the file and the key.</summary>
internal sealed class JsonElementReader(string sourceName)
{
    public string SourceName { get; } = sourceName;

    public TokenizerFormatException Error(string path, string problem) =>
        new($"{SourceName}: {path}: {problem}");

    public JsonElement Object(JsonElement parent, string key, string path)
    {
        if (!parent.TryGetProperty(key, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            throw Error($"{path}.{key}", $"expected an object, found {Describe(value)}; is this a Hugging Face tokenizer.json?");
        }
        return value;
    }

    /// <summary>The object at key, or null when the key is missing or null.</summary>
    public JsonElement? OptionalObject(JsonElement parent, string key, string path)
    {
        if (!parent.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Error($"{path}.{key}", $"expected an object or null, found {Describe(value)}");
        }
        return value;
    }

    public JsonElement Array(JsonElement parent, string key, string path)
    {
        if (!parent.TryGetProperty(key, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            throw Error($"{path}.{key}", $"expected an array, found {Describe(value)}");
        }
        return value;
    }

    public string String(JsonElement parent, string key, string path)
    {
        if (!parent.TryGetProperty(key, out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw Error($"{path}.{key}", $"expected a string, found {Describe(value)}");
        }
        return value.GetString()!;
    }

    public string? OptionalString(JsonElement parent, string key, string path)
    {
        if (!parent.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Error($"{path}.{key}", $"expected a string or null, found {Describe(value)}");
        }
        return value.GetString();
    }

    public int Int(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int result))
        {
            throw Error(path, $"expected an integer, found {Describe(value)}");
        }
        return result;
    }

    public bool Bool(JsonElement parent, string key, string path, bool defaultValue)
    {
        if (!parent.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return defaultValue;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error($"{path}.{key}", $"expected true or false, found {Describe(value)}"),
        };
    }

    /// <summary>The "type" of a component object, e.g. "BPE" or "ByteLevel".</summary>
    public string Type(JsonElement component, string path) => String(component, "type", path);

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined => "nothing (missing key)",
        JsonValueKind.String => $"the string \"{Shorten(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
