using System.Text.Json.Nodes;
using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Export.Tests.Compatibility;

namespace Maria.Export.Tests.Packaging;

/// <summary>
/// Random-weight ModernBERT and OLMo checkpoint folders with tiny sizes (hidden 32, head_dim 16, context 64/65) and
/// the <see cref="TinyTokenizerPair"/> tokenizers, written with <see cref="SafetensorsWriter"/> as the Hub lays them
/// out (config.json, model.safetensors, tokenizer.json). Weights are N(0, 0.02)-like so logits stay moderate.
/// </summary>
internal static class TinyCheckpoints
{
    public static OlmoConfig Olmo() => OlmoConfig.Olmo1B() with
    {
        VocabSize = 272,
        HiddenSize = 32,
        IntermediateSize = 64,
        NumHiddenLayers = 2,
        NumAttentionHeads = 2,
        NumKeyValueHeads = 2,
        MaxPositionEmbeddings = 64,
        EosTokenId = TinyTokenizerPair.EndOfText,
        PadTokenId = 1,
    };

    public static ModernBertConfig ModernBert() => ModernBertConfig.Base() with
    {
        VocabSize = 272,
        HiddenSize = 32,
        IntermediateSize = 48,
        NumHiddenLayers = 3,
        NumAttentionHeads = 2,
        MaxPositionEmbeddings = 65,
        LocalAttention = 8,
        ClsTokenId = TinyTokenizerPair.Cls,
        SepTokenId = TinyTokenizerPair.Sep,
        PadTokenId = TinyTokenizerPair.Pad,
        BosTokenId = TinyTokenizerPair.Cls,
        EosTokenId = TinyTokenizerPair.Sep,
    };

    public static void WriteOlmo(string directory, OlmoConfig? config = null, JsonObject? tokenizer = null, int seed = 1)
    {
        config ??= Olmo();
        int h = config.HiddenSize;
        int kv = config.NumKeyValueHeads * config.HeadDim;
        var random = new Random(seed);
        var tensors = new List<TensorToWrite> { Random(random, "model.embed_tokens.weight", config.VocabSize, h) };
        for (int i = 0; i < config.NumHiddenLayers; i++)
        {
            string p = $"model.layers.{i}.";
            tensors.Add(Random(random, p + "self_attn.q_proj.weight", h, h));
            tensors.Add(Random(random, p + "self_attn.k_proj.weight", kv, h));
            tensors.Add(Random(random, p + "self_attn.v_proj.weight", kv, h));
            tensors.Add(Random(random, p + "self_attn.o_proj.weight", h, h));
            tensors.Add(Random(random, p + "mlp.gate_proj.weight", config.IntermediateSize, h));
            tensors.Add(Random(random, p + "mlp.up_proj.weight", config.IntermediateSize, h));
            tensors.Add(Random(random, p + "mlp.down_proj.weight", h, config.IntermediateSize));
        }
        if (!config.TieWordEmbeddings)
        {
            tensors.Add(Random(random, "lm_head.weight", config.VocabSize, h));
        }
        Write(directory, config.ToJson(), tensors, tokenizer ?? TinyTokenizerPair.Causal());
    }

    public static void WriteModernBert(string directory, ModernBertConfig? config = null, JsonObject? tokenizer = null, int seed = 2)
    {
        config ??= ModernBert();
        int h = config.HiddenSize;
        var random = new Random(seed);
        var tensors = new List<TensorToWrite>
        {
            Random(random, "model.embeddings.tok_embeddings.weight", config.VocabSize, h),
            Ones("model.embeddings.norm.weight", h),
        };
        for (int i = 0; i < config.NumHiddenLayers; i++)
        {
            string p = $"model.layers.{i}.";
            if (i > 0)
            {
                tensors.Add(Ones(p + "attn_norm.weight", h));
            }
            tensors.Add(Random(random, p + "attn.Wqkv.weight", 3 * h, h));
            tensors.Add(Random(random, p + "attn.Wo.weight", h, h));
            tensors.Add(Ones(p + "mlp_norm.weight", h));
            tensors.Add(Random(random, p + "mlp.Wi.weight", 2 * config.IntermediateSize, h));
            tensors.Add(Random(random, p + "mlp.Wo.weight", h, config.IntermediateSize));
        }
        tensors.Add(Ones("model.final_norm.weight", h));
        tensors.Add(Random(random, "head.dense.weight", h, h));
        tensors.Add(Ones("head.norm.weight", h));
        tensors.Add(Random(random, "decoder.bias", config.VocabSize));
        Write(directory, config.ToJson(), tensors, tokenizer ?? TinyTokenizerPair.Masked());
    }

    /// <summary>
    /// Damages a written checkpoint as a bad conversion would: sets <paramref name="indices"/> (flat) of
    /// <paramref name="tensor"/> in <paramref name="directory"/>/model.safetensors to <paramref name="value"/> (e.g. NaN).
    /// </summary>
    public static void Damage(string directory, string tensor, IEnumerable<long> indices, float value)
    {
        string path = Path.Combine(directory, "model.safetensors");
        var tensors = new List<TensorToWrite>();
        using (var file = SafetensorsFile.Open(path))
        {
            Assert.True(file.Contains(tensor), $"test setup: {path} has no tensor {tensor}");
            foreach (var info in file.Tensors)
            {
                var values = file.ReadAsFloat32(info.Name);
                if (info.Name == tensor)
                {
                    foreach (long index in indices)
                    {
                        values[index] = value;
                    }
                }
                tensors.Add(TensorToWrite.FromFloat32(info.Name, [.. info.Shape], values));
            }
        }
        SafetensorsWriter.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
    }

    private static void Write(string directory, string configJson, List<TensorToWrite> tensors, JsonObject tokenizer)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "config.json"), configJson);
        File.WriteAllText(Path.Combine(directory, "tokenizer.json"), tokenizer.ToJsonString());
        SafetensorsWriter.Write(Path.Combine(directory, "model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
    }

    private static TensorToWrite Random(Random random, string name, params long[] shape)
    {
        var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * 0.05);
        }
        return TensorToWrite.FromFloat32(name, shape, values);
    }

    private static TensorToWrite Ones(string name, int length) => TensorToWrite.FromFloat32(name, [length], Enumerable.Repeat(1f, length).ToArray());
}
