using System.Text.Json;

namespace Maria.Runtime.Tokenization;

/// <summary>
/// Reads a Hugging Face tokenizer.json into a <see cref="TokenizerDefinition"/>, refusing by name every component
/// this loader does not implement (so a tokenizer is never silently run differently from Hugging Face).
/// </summary>
internal static class TokenizerJsonReader
{
    public static TokenizerDefinition Read(string json, string sourceName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException(
                $"{sourceName}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {e.Message.ReplaceLineEndings(" ")}", e);
        }
        using (document)
        {
            var reader = new JsonElementReader(sourceName);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw reader.Error("$", $"expected a tokenizer.json object, found {JsonElementReader.Describe(root)}");
            }
            var model = reader.Object(root, "model", "$");
            var (vocabulary, merges, unknownToken, ignoreMerges) = ReadModel(reader, model);
            var addedTokens = ReadAddedTokens(reader, root);
            bool nfc = ReadNormalizer(reader, root);
            var steps = PipelineJsonReader.ReadPreTokenizer(reader, root);
            var template = PipelineJsonReader.ReadPostProcessor(reader, root);
            ReadDecoder(reader, root);
            return new TokenizerDefinition(sourceName, vocabulary, merges, unknownToken, ignoreMerges, addedTokens, nfc, steps, template);
        }
    }

    private static (Dictionary<string, int>, List<(string, string)>, string?, bool) ReadModel(JsonElementReader reader, JsonElement model)
    {
        const string path = "$.model";
        string type = model.TryGetProperty("type", out _) ? reader.Type(model, path) : "BPE";
        if (type != "BPE")
        {
            throw reader.Error($"{path}.type", $"model type '{type}' is not supported; only byte-level BPE models (GPT-2, OLMo, ModernBERT, Llama-3 style) can be loaded");
        }
        if (model.TryGetProperty("dropout", out var dropout) && dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() != 0)
        {
            throw reader.Error($"{path}.dropout", $"BPE dropout {dropout.GetRawText()} is not supported; set it to null for inference");
        }
        foreach (string key in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
        {
            if (!string.IsNullOrEmpty(reader.OptionalString(model, key, path)))
            {
                throw reader.Error($"{path}.{key}", "is not supported by this byte-level BPE loader; expected null");
            }
        }
        if (reader.Bool(model, "byte_fallback", path, false))
        {
            throw reader.Error($"{path}.byte_fallback", "byte_fallback (SentencePiece-style BPE) is not supported; expected false");
        }
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        // Hugging Face refuses both (one id per piece, one piece per id); found by fuzzing (docs/RELIABILITY.md).
        var pieceOfId = new Dictionary<int, string>();
        foreach (var entry in reader.Object(model, "vocab", path).EnumerateObject())
        {
            int id = reader.Int(entry.Value, $"{path}.vocab[\"{entry.Name}\"]");
            if (vocabulary.ContainsKey(entry.Name))
            {
                throw reader.Error($"{path}.vocab", $"lists the piece \"{entry.Name}\" twice; each piece has one id");
            }
            if (!pieceOfId.TryAdd(id, entry.Name))
            {
                throw reader.Error($"{path}.vocab", $"gives id {id} to both \"{pieceOfId[id]}\" and \"{entry.Name}\"; each id has one piece");
            }
            vocabulary[entry.Name] = id;
        }
        var merges = new List<(string, string)>();
        int index = 0;
        foreach (var merge in reader.Array(model, "merges", path).EnumerateArray())
        {
            merges.Add(ReadMerge(reader, merge, $"{path}.merges[{index++}]"));
        }
        return (vocabulary, merges, reader.OptionalString(model, "unk_token", path), reader.Bool(model, "ignore_merges", path, false));
    }

    private static (string, string) ReadMerge(JsonElementReader reader, JsonElement merge, string path)
    {
        if (merge.ValueKind == JsonValueKind.String)
        {
            string text = merge.GetString()!;
            int space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || space == text.Length - 1 || text.IndexOf(' ', space + 1) >= 0)
            {
                throw reader.Error(path, $"expected \"left right\", found \"{text}\"");
            }
            return (text[..space], text[(space + 1)..]);
        }
        if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2
            && merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
        {
            return (merge[0].GetString()!, merge[1].GetString()!);
        }
        throw reader.Error(path, $"expected \"left right\" or [\"left\", \"right\"], found {JsonElementReader.Describe(merge)}");
    }

    private static List<AddedToken> ReadAddedTokens(JsonElementReader reader, JsonElement root)
    {
        var tokens = new List<AddedToken>();
        if (!root.TryGetProperty("added_tokens", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return tokens;
        }
        int index = 0;
        foreach (var entry in reader.Array(root, "added_tokens", "$").EnumerateArray())
        {
            string path = $"$.added_tokens[{index++}]";
            if (entry.ValueKind != JsonValueKind.Object)
            {
                throw reader.Error(path, $"expected an object, found {JsonElementReader.Describe(entry)}");
            }
            int id = reader.Int(entry.TryGetProperty("id", out var idValue) ? idValue : default, $"{path}.id");
            string content = reader.String(entry, "content", path);
            if (content.Length == 0)
            {
                throw reader.Error($"{path}.content", "an added token cannot be empty");
            }
            bool special = reader.Bool(entry, "special", path, false);
            tokens.Add(new AddedToken(id, content, special,
                LStrip: reader.Bool(entry, "lstrip", path, false),
                RStrip: reader.Bool(entry, "rstrip", path, false),
                Normalized: reader.Bool(entry, "normalized", path, !special),
                SingleWord: reader.Bool(entry, "single_word", path, false)));
        }
        return tokens;
    }

    /// <summary>True for NFC, false for no normaliser.</summary>
    private static bool ReadNormalizer(JsonElementReader reader, JsonElement root)
    {
        if (reader.OptionalObject(root, "normalizer", "$") is not { } normalizer)
        {
            return false;
        }
        string type = reader.Type(normalizer, "$.normalizer");
        if (type == "NFC")
        {
            return true;
        }
        if (type == "Sequence")
        {
            var steps = reader.Array(normalizer, "normalizers", "$.normalizer").EnumerateArray().ToList();
            var types = steps.Select((s, i) => reader.Type(s, $"$.normalizer.normalizers[{i}]")).ToList();
            var unsupported = types.FirstOrDefault(t => t != "NFC");
            if (unsupported is null)
            {
                return types.Count > 0;
            }
            type = unsupported;
        }
        throw reader.Error("$.normalizer", $"normalizer type '{type}' is not supported; supported: NFC, or a Sequence of NFC");
    }

    private static void ReadDecoder(JsonElementReader reader, JsonElement root)
    {
        if (reader.OptionalObject(root, "decoder", "$") is not { } decoder)
        {
            throw reader.Error("$.decoder", "is missing; a byte-level BPE tokenizer needs the ByteLevel decoder");
        }
        string type = reader.Type(decoder, "$.decoder");
        if (type == "Sequence")
        {
            var inner = reader.Array(decoder, "decoders", "$.decoder").EnumerateArray()
                .Select((d, i) => reader.Type(d, $"$.decoder.decoders[{i}]")).ToList();
            type = inner.FirstOrDefault(t => t != "ByteLevel") ?? (inner.Count > 0 ? "ByteLevel" : "an empty Sequence");
        }
        if (type != "ByteLevel")
        {
            throw reader.Error("$.decoder", $"decoder type '{type}' is not supported; supported: ByteLevel");
        }
    }
}
