using System.Text.Json.Nodes;
using Maria.Runtime;
using Maria.Runtime.Tokenization;

namespace Maria.Testing;

/// <summary>
/// A small OLMo-like / ModernBERT-like tokenizer pair built in code. The causal one: the 256 byte-level characters
/// (ids 0..255), merges for "Ġt" "he" "Ġthe" "an" "Ġa" "nd" "Ġand" (256..262), and &lt;|endoftext|&gt; (263, special)
/// as its last id. The masked one: the same, then [UNK] [CLS] [SEP] [PAD] [MASK] (264..268, [MASK] with lstrip) and a
/// [CLS] $A [SEP] template, as ModernBERT extends OLMo's file (architectures.md §5.3).
/// </summary>
internal static class TinyTokenizerPair
{
    public const int EndOfText = 263;
    public const int SharedSize = 264;
    public const int Cls = 265;
    public const int Sep = 266;
    public const int Pad = 267;
    public const int Mask = 268;

    private static readonly string[] MergedTokens = ["Ġt", "he", "Ġthe", "an", "Ġa", "nd", "Ġand"];
    private static readonly string[] MergeRules = ["Ġ t", "h e", "Ġt he", "a n", "Ġ a", "n d", "Ġa nd"];

    public static JsonObject Causal()
    {
        var vocab = new JsonObject();
        for (int b = 0; b < 256; b++)
        {
            vocab[ByteLevelAlphabet.ByteToChar((byte)b).ToString()] = b;
        }
        for (int i = 0; i < MergedTokens.Length; i++)
        {
            vocab[MergedTokens[i]] = 256 + i;
        }
        var byteLevel = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true };
        return new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(Added(EndOfText, "<|endoftext|>", special: true)),
            ["normalizer"] = new JsonObject { ["type"] = "NFC" },
            ["pre_tokenizer"] = byteLevel.DeepClone(),
            ["post_processor"] = byteLevel.DeepClone(),
            ["decoder"] = byteLevel.DeepClone(),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = null,
                ["fuse_unk"] = false,
                ["byte_fallback"] = false,
                ["vocab"] = vocab,
                ["merges"] = new JsonArray([.. MergeRules.Select(rule => (JsonNode)JsonValue.Create(rule))]),
            },
        };
    }

    public static JsonObject Masked() => WithBertSpecials(Causal(), firstId: SharedSize);

    /// <summary>Appends [UNK] [CLS] [SEP] [PAD] [MASK] from <paramref name="firstId"/> and a [CLS] $A [SEP] template.</summary>
    public static JsonObject WithBertSpecials(JsonObject root, int firstId)
    {
        var added = root["added_tokens"]!.AsArray();
        string[] names = ["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"];
        for (int i = 0; i < names.Length; i++)
        {
            added.Add(Added(firstId + i, names[i], special: true, lstrip: names[i] == "[MASK]"));
        }
        root["post_processor"] = new JsonObject
        {
            ["type"] = "TemplateProcessing",
            ["single"] = JsonValue.Create("[CLS]:0 $A:0 [SEP]:0"),
            ["pair"] = JsonValue.Create("[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1"),
            ["special_tokens"] = new JsonObject
            {
                ["[CLS]"] = new JsonObject { ["id"] = "[CLS]", ["ids"] = new JsonArray(firstId + 1), ["tokens"] = new JsonArray("[CLS]") },
                ["[SEP]"] = new JsonObject { ["id"] = "[SEP]", ["ids"] = new JsonArray(firstId + 2), ["tokens"] = new JsonArray("[SEP]") },
            },
        };
        return root;
    }

    public static JsonObject Added(int id, string content, bool special, bool lstrip = false) => new()
    {
        ["id"] = id,
        ["content"] = content,
        ["single_word"] = false,
        ["lstrip"] = lstrip,
        ["rstrip"] = false,
        ["normalized"] = !special,
        ["special"] = special,
    };
}
