using System.Text.Json.Nodes;
using Maria.Runtime.Tokenization;

namespace Maria.Runtime.Tests.Tokenization;

/// <summary>
/// A small byte-level BPE tokenizer.json built in code: the 256 byte-level characters (ids 0..255) and merges
/// for "Ġh" (256), "he" (257), "ll" (258), "llo" (259), "Ġhe" (260), and "oĠ" (261, ranked first: it only forms
/// when no pre-tokenizer regex separates a word from the space after it). Tests change one section to probe the loader.
/// </summary>
internal static class TinyTokenizerJson
{
    public static JsonObject Create()
    {
        var vocab = new JsonObject();
        for (int b = 0; b < 256; b++)
        {
            vocab[ByteLevelAlphabet.ByteToChar((byte)b).ToString()] = b;
        }
        string[] merged = ["Ġh", "he", "ll", "llo", "Ġhe", "oĠ"];
        for (int i = 0; i < merged.Length; i++)
        {
            vocab[merged[i]] = 256 + i;
        }
        return new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(),
            ["normalizer"] = new JsonObject { ["type"] = "NFC" },
            ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["use_regex"] = true },
            ["post_processor"] = new JsonObject { ["type"] = "ByteLevel" },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = null,
                ["vocab"] = vocab,
                ["merges"] = new JsonArray("o Ġ", "Ġ h", "h e", "l l", "ll o", "Ġh e"),
            },
        };
    }

    public static HuggingFaceTokenizer Load(JsonObject json) => HuggingFaceTokenizer.FromJson(json.ToJsonString(), "tiny.json");
}
