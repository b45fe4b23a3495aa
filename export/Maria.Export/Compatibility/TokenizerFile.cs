using System.Text.Json;
using System.Text.Json.Nodes;
using Maria.Runtime;
using Maria.Runtime.Tokenization;

namespace Maria.Export.Compatibility;

/// <summary>
/// One tokenizer.json as the compatibility check needs it: the loaded tokenizer (ids, strings, merges, added tokens)
/// and the raw pipeline sections that decide how text becomes pre-tokens (normalizer, pre_tokenizer, BPE options),
/// which <see cref="HuggingFaceTokenizer"/> does not expose.
/// </summary>
internal sealed class TokenizerFile
{
    // Keys that change offsets or decoding cosmetics but never which ids a text gets.
    private static readonly HashSet<string> IgnoredPipelineKeys = new(StringComparer.Ordinal) { "trim_offsets" };

    private TokenizerFile(string sourceName, HuggingFaceTokenizer tokenizer, JsonNode? normalizer, JsonNode? preTokenizer, JsonObject model)
    {
        SourceName = sourceName;
        Tokenizer = tokenizer;
        Normalizer = normalizer;
        PreTokenizer = preTokenizer;
        Model = model;
    }

    public string SourceName { get; }

    public HuggingFaceTokenizer Tokenizer { get; }

    public JsonNode? Normalizer { get; }

    public JsonNode? PreTokenizer { get; }

    public JsonObject Model { get; }

    public static TokenizerFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"tokenizer file '{path}' does not exist; the checkpoint folder must hold its tokenizer.json", path);
        }
        return Parse(File.ReadAllText(path), path);
    }

    public static TokenizerFile Parse(string json, string sourceName)
    {
        HuggingFaceTokenizer tokenizer;
        try
        {
            tokenizer = HuggingFaceTokenizer.FromJson(json, sourceName);
        }
        catch (InvalidOperationException e)
        {
            // Microsoft.ML.Tokenizers reports inconsistent merges (a merge whose result is not in the vocabulary) this way.
            throw new TokenizerFormatException($"{sourceName}: the BPE model is inconsistent ({e.Message.ReplaceLineEndings(" ")}); use the checkpoint's original tokenizer.json", e);
        }
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json)!.AsObject();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new TokenizerFormatException($"{sourceName}: not a JSON object ({e.Message.ReplaceLineEndings(" ")})", e);
        }
        var model = root["model"] as JsonObject
            ?? throw new TokenizerFormatException($"{sourceName}: no \"model\" object; pass a Hugging Face tokenizer.json");
        return new TokenizerFile(sourceName, tokenizer, Canonical(root["normalizer"]), Canonical(root["pre_tokenizer"]), model);
    }

    /// <summary>The BPE options that change which ids a word gets, with absent keys read as their defaults.</summary>
    public string ModelOptions()
    {
        static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) && s.Length > 0 ? s : "none";
        static bool Flag(JsonNode? node) => node is JsonValue v && v.TryGetValue(out bool b) && b;
        return $"type={Text(Model["type"])} byte_fallback={Flag(Model["byte_fallback"])} ignore_merges={Flag(Model["ignore_merges"])} "
            + $"continuing_subword_prefix={Text(Model["continuing_subword_prefix"])} end_of_word_suffix={Text(Model["end_of_word_suffix"])}";
    }

    /// <summary>A copy without the keys that do not affect ids, so that two sections compare by what matters.</summary>
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => new JsonObject(o.Where(p => !IgnoredPipelineKeys.Contains(p.Key))
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Canonical)]),
        _ => node.DeepClone(),
    };
}
