using System.Text.Json;

namespace Maria.Runtime.Tokenization;

/// <summary>
/// Reads a TemplateProcessing post-processor: the "single" template either as Hugging Face writes it (a list of
/// {"SpecialToken": {"id", "type_id"}} and {"Sequence": {"id": "A", "type_id"}}) or as the string form
/// ("[CLS]:0 $A:0 [SEP]:0"), and the special_tokens map ({"[CLS]": {"id", "ids", "tokens"}}).
/// Type ids are read and ignored: the models here have no token-type input. The pair template is not used.
/// </summary>
internal static class TemplateJsonReader
{
    public static TemplatePostProcessor Read(JsonElementReader reader, JsonElement element, string path)
    {
        var specials = ReadSpecialTokens(reader, element, path);
        if (!element.TryGetProperty("single", out var single))
        {
            throw reader.Error($"{path}.single", "is missing; expected a template such as \"[CLS]:0 $A:0 [SEP]:0\"");
        }
        var names = single.ValueKind switch
        {
            JsonValueKind.String => ParseStringTemplate(single.GetString()!),
            JsonValueKind.Array => single.EnumerateArray().Select((p, i) => ReadPiece(reader, p, $"{path}.single[{i}]")).ToList(),
            _ => throw reader.Error($"{path}.single", $"expected a list of pieces or a string, found {JsonElementReader.Describe(single)}"),
        };
        var pieces = new List<TemplatePiece>();
        foreach (string? name in names)
        {
            if (name is null)
            {
                pieces.Add(new TemplatePiece(true, [], []));
            }
            else if (specials.TryGetValue(name, out var special))
            {
                pieces.Add(special);
            }
            else
            {
                throw reader.Error($"{path}.single", $"special token '{name}' is not in {path}.special_tokens; add it there with its ids");
            }
        }
        if (pieces.Count(p => p.IsSequence) != 1)
        {
            throw reader.Error($"{path}.single", "expected exactly one $A in the single template");
        }
        return new TemplatePostProcessor(pieces);
    }

    /// <summary>A piece's special-token name, or null for the sequence $A.</summary>
    private static string? ReadPiece(JsonElementReader reader, JsonElement piece, string path)
    {
        if (piece.ValueKind == JsonValueKind.Object && piece.TryGetProperty("SpecialToken", out var special))
        {
            return reader.String(special, "id", $"{path}.SpecialToken");
        }
        if (piece.ValueKind == JsonValueKind.Object && piece.TryGetProperty("Sequence", out var sequence))
        {
            string id = reader.String(sequence, "id", $"{path}.Sequence");
            return id == "A" ? null : throw reader.Error($"{path}.Sequence.id", $"sequence '{id}' in the single template; expected A");
        }
        throw reader.Error(path, $"expected {{\"SpecialToken\": ...}} or {{\"Sequence\": ...}}, found {JsonElementReader.Describe(piece)}");
    }

    private static List<string?> ParseStringTemplate(string template)
    {
        var names = new List<string?>();
        foreach (string part in template.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // "name:typeId" -> name; "$A", "$", "$0".."$9" (type id) -> the sequence.
            int colon = part.LastIndexOf(':');
            string name = colon > 0 && part[(colon + 1)..].All(char.IsAsciiDigit) ? part[..colon] : part;
            bool isSequence = name.StartsWith('$') && (name is "$" or "$A" || name[1..].All(char.IsAsciiDigit));
            names.Add(isSequence ? null : name);
        }
        return names;
    }

    private static Dictionary<string, TemplatePiece> ReadSpecialTokens(JsonElementReader reader, JsonElement element, string path)
    {
        var result = new Dictionary<string, TemplatePiece>(StringComparer.Ordinal);
        if (reader.OptionalObject(element, "special_tokens", path) is not { } map)
        {
            return result;
        }
        foreach (var entry in map.EnumerateObject())
        {
            string entryPath = $"{path}.special_tokens[\"{entry.Name}\"]";
            var ids = reader.Array(entry.Value, "ids", entryPath).EnumerateArray()
                .Select((id, i) => reader.Int(id, $"{entryPath}.ids[{i}]")).ToList();
            var tokens = reader.Array(entry.Value, "tokens", entryPath).EnumerateArray()
                .Select((t, i) => t.ValueKind == JsonValueKind.String ? t.GetString()! : throw reader.Error($"{entryPath}.tokens[{i}]", "expected a string")).ToList();
            if (ids.Count != tokens.Count || ids.Count == 0)
            {
                throw reader.Error(entryPath, $"expected as many ids as tokens (at least one), found {ids.Count} ids and {tokens.Count} tokens");
            }
            result[entry.Name] = new TemplatePiece(false, ids, tokens);
        }
        return result;
    }
}
