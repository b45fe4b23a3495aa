using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maria.Export.Checkpoints;
using Maria.Fuzz.Targets;

namespace Maria.Fuzz;

/// <summary>
/// The seed corpora, derived from the repository's real files (models/olmo-tiny, models/modernbert-tiny,
/// models/maria-tiny, the README's texts): small enough for AFL (a few KiB each) while keeping the real structure -
/// the real tensor names, dtypes, bytes and metadata; the real configs; the real tokenizers cut to their first ids.
/// `maria-fuzz seed tools/fuzz/corpus` rewrites tools/fuzz/corpus byte for byte.
/// </summary>
internal static class SeedCorpus
{
    private static readonly string[] Texts =
    [
        "The President of the [WORD] States shall from time to time give to the [WORD] information of the [BLANK] of the Union.",
        "The [MASK] of the Union is [MASK].",
        "[MASK][MASK] and [MASK]",
        "no mask at all",
        "caf\u00e9 [MASK] \u2014 1790, [BLANK]",
    ];

    public static void Write(string folder)
    {
        void Put(string target, string name, byte[] bytes)
        {
            Directory.CreateDirectory(Path.Combine(folder, target));
            File.WriteAllBytes(Path.Combine(folder, target, name), bytes);
        }
        static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

        Put("safetensors", "olmo-tiny-4-tensors.safetensors", SmallCheckpoint());
        Put("safetensors", "modernbert-tiny-4-tensors.safetensors", SmallCheckpoint("modernbert-tiny"));
        Put("safetensors-index", "model.safetensors.index.json", Utf8(SmallIndex()));
        Put("config", "olmo.json", File.ReadAllBytes(RepositoryLocator.File("models", "olmo-tiny", "config.json")));
        Put("config", "modernbert.json", File.ReadAllBytes(RepositoryLocator.File("models", "modernbert-tiny", "config.json")));
        Put("config", "llama.json", Utf8(LlamaConfig()));
        Put("tokenizer", "olmo-layout-first-300.json", Utf8(SmallTokenizer(RepositoryLocator.File("models", "olmo-tiny", "tokenizer.json"), 300)));
        Put("tokenizer", "modernbert-layout-first-300.json", Utf8(SmallTokenizer(RepositoryLocator.File("models", "modernbert-tiny", "tokenizer.json"), 300)));
        Put("manifest", "maria-tiny.json", File.ReadAllBytes(RepositoryLocator.File("models", "maria-tiny", "maria.json")));
        Put("jsonl", "records.jsonl", Utf8(string.Concat(Texts.Select((t, i) =>
            new JsonObject { ["id"] = $"r{i + 1}", ["text"] = t, ["source"] = "README" }.ToJsonString() + "\n"))));
        Put("jsonl", "plain.txt", Utf8(string.Join("\r\n", Texts) + "\r\n"));
        for (int i = 0; i < Texts.Length; i++)
        {
            Put("masked-text", $"text-{i + 1}.txt", Utf8(Texts[i]));
        }
    }

    /// <summary>The four smallest tensors of a real checkpoint, each cut to its first 8 elements ([2, 4]), with its metadata.</summary>
    public static byte[] SmallCheckpoint(string model = "olmo-tiny")
    {
        using var source = SafetensorsFile.Open(RepositoryLocator.File("models", model, "model.safetensors"));
        var chosen = source.Tensors.OrderBy(t => t.ByteLength).ThenBy(t => t.Name, StringComparer.Ordinal).Take(4).ToList();
        var tensors = chosen.Select(t =>
        {
            byte[] bytes = source.GetBytes(t.Name)[..(int)(8 * t.ByteLength / t.ElementCount)].ToArray();
            return TensorToWrite.FromBytes(t.Name, t.DType, [2, 4], bytes);
        }).ToList();
        string path = ScratchFiles.Path($"seed-{model}.safetensors");
        SafetensorsWriter.Write(path, tensors, source.Metadata);
        return File.ReadAllBytes(path);
    }

    private static string SmallIndex()
    {
        using var source = SafetensorsFile.Open(ScratchFiles.Write("seed-shard.safetensors", SmallCheckpoint()));
        var map = new JsonObject();
        foreach (var tensor in source.Tensors)
        {
            map[tensor.Name] = SafetensorsIndexTarget.ShardName;
        }
        var index = new JsonObject
        {
            ["metadata"] = new JsonObject { ["total_size"] = source.Tensors.Sum(t => t.ByteLength) },
            ["weight_map"] = map,
        };
        return index.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>OLMo-tiny's config.json as a Llama config (same shapes, Llama's names).</summary>
    private static string LlamaConfig()
    {
        var config = JsonNode.Parse(File.ReadAllText(RepositoryLocator.File("models", "olmo-tiny", "config.json")))!.AsObject();
        config["architectures"] = new JsonArray("LlamaForCausalLM");
        config["model_type"] = "llama";
        config["rms_norm_eps"] = 1e-5;
        config.Remove("clip_qkv");
        return config.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A real tokenizer.json keeping ids below <paramref name="keep"/>, the merges among them and every added token.</summary>
    private static string SmallTokenizer(string path, int keep)
    {
        var tokenizer = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var model = tokenizer["model"]!.AsObject();
        var vocabulary = new JsonObject();
        foreach (var (piece, id) in model["vocab"]!.AsObject())
        {
            if (id!.GetValue<int>() < keep)
            {
                vocabulary[piece] = id.GetValue<int>();
            }
        }
        var merges = new JsonArray();
        foreach (var merge in model["merges"]!.AsArray())
        {
            string[] parts = merge is JsonArray pair ? [pair[0]!.GetValue<string>(), pair[1]!.GetValue<string>()] : merge!.GetValue<string>().Split(' ');
            if (parts.Length == 2 && vocabulary.ContainsKey(parts[0]) && vocabulary.ContainsKey(parts[1]) && vocabulary.ContainsKey(parts[0] + parts[1]))
            {
                merges.Add(merge!.DeepClone());
            }
        }
        foreach (var added in tokenizer["added_tokens"]!.AsArray())
        {
            vocabulary[added!["content"]!.GetValue<string>()] = added["id"]!.GetValue<int>();
        }
        model["vocab"] = vocabulary;
        model["merges"] = merges;
        return tokenizer.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
