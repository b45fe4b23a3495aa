using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Export.Tests.Onnx;

namespace Maria.Export.Tests.Architectures.Causal;

/// <summary>
/// Hand-made Hugging Face checkpoint folders with seeded random weights, written without any reference framework:
/// every tensor config.json implies for OLMo v1 / Llama, and the two output tensors of a ModernBERT (its tied
/// embedding and decoder.bias), which is all the product-of-experts head reads.
/// </summary>
internal static class TinyCheckpoints
{
    public static OlmoConfig Olmo(bool tied = true, double? clipQkv = null, int headDim = 16) => new()
    {
        VocabSize = 48,
        HiddenSize = 2 * headDim,
        IntermediateSize = 40,
        NumHiddenLayers = 2,
        NumAttentionHeads = 2,
        NumKeyValueHeads = 2,
        MaxPositionEmbeddings = 32,
        TieWordEmbeddings = tied,
        RopeTheta = 10000,
        EosTokenId = 47,
        PadTokenId = 1,
        ClipQkv = clipQkv,
    };

    public static LlamaConfig Llama(int headDim = 16) => new()
    {
        VocabSize = 48,
        HiddenSize = 32,
        IntermediateSize = 24,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        ExplicitHeadDim = headDim,
        MaxPositionEmbeddings = 32,
        TieWordEmbeddings = false,
        RopeTheta = 500000,
        EosTokenId = 47,
        PadTokenId = 1,
        RmsNormEps = 1e-6,
    };

    public static ModernBertConfig ModernBert(int hidden = 24, int vocab = 56) => ModernBertConfig.Base() with
    {
        VocabSize = vocab,
        HiddenSize = hidden,
        IntermediateSize = 32,
        NumHiddenLayers = 1,
        NumAttentionHeads = 2,
        MaxPositionEmbeddings = 64,
        PadTokenId = 50,
        ClsTokenId = 51,
        SepTokenId = 52,
        BosTokenId = 51,
        EosTokenId = 52,
    };

    /// <summary>The tensors of a causal LM checkpoint: name, shape.</summary>
    public static List<(string Name, long[] Shape)> CausalTensors(CausalLmConfig c)
    {
        long h = c.HiddenSize, i = c.IntermediateSize, q = (long)c.NumAttentionHeads * c.HeadDim, kv = (long)c.NumKeyValueHeads * c.HeadDim;
        bool norms = c is LlamaConfig;
        var tensors = new List<(string, long[])> { ("model.embed_tokens.weight", [c.VocabSize, h]) };
        for (int layer = 0; layer < c.NumHiddenLayers; layer++)
        {
            string p = $"model.layers.{layer}.";
            if (norms)
            {
                tensors.Add((p + "input_layernorm.weight", [h]));
                tensors.Add((p + "post_attention_layernorm.weight", [h]));
            }

            tensors.Add((p + "self_attn.q_proj.weight", [q, h]));
            tensors.Add((p + "self_attn.k_proj.weight", [kv, h]));
            tensors.Add((p + "self_attn.v_proj.weight", [kv, h]));
            tensors.Add((p + "self_attn.o_proj.weight", [h, q]));
            tensors.Add((p + "mlp.gate_proj.weight", [i, h]));
            tensors.Add((p + "mlp.up_proj.weight", [i, h]));
            tensors.Add((p + "mlp.down_proj.weight", [h, i]));
        }

        if (norms)
        {
            tensors.Add(("model.norm.weight", [h]));
        }

        if (!c.TieWordEmbeddings)
        {
            tensors.Add(("lm_head.weight", [c.VocabSize, h]));
        }

        return tensors;
    }

    /// <summary>
    /// Writes config.json and model.safetensors with every tensor random (scale 0.3; norm weights around 1), except
    /// those <paramref name="replace"/> maps to a different shape (or null to leave the tensor out).
    /// </summary>
    public static Dictionary<string, float[]> WriteCausal(string directory, CausalLmConfig config, int seed,
        IReadOnlyDictionary<string, long[]?>? replace = null)
    {
        var values = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var tensors = new List<TensorToWrite>();
        int index = 0;
        foreach (var (name, declared) in CausalTensors(config))
        {
            long[]? shape = declared;
            if (replace is not null && replace.TryGetValue(name, out var replacement))
            {
                shape = replacement;
            }

            index++;
            if (shape is null)
            {
                continue;
            }

            int count = (int)shape.Aggregate(1L, (a, b) => a * b);
            float[] data = name.Contains("norm", StringComparison.Ordinal)
                ? TestData.Random(seed * 100 + index, count, 0.2f).Select(v => 1f + v).ToArray()
                : TestData.Random(seed * 100 + index, count, 0.3f);
            values[name] = data;
            tensors.Add(TensorToWrite.FromFloat32(name, shape, data));
        }

        Write(directory, config, tensors);
        return values;
    }

    /// <summary>Writes a ModernBERT folder holding only its output tensors; returns (W2, b2).</summary>
    public static (float[] Embedding, float[] Bias) WriteMaskedOutputs(string directory, ModernBertConfig config, int seed)
    {
        float[] embedding = TestData.Random(seed, config.VocabSize * config.HiddenSize, 0.3f);
        float[] bias = TestData.Random(seed + 1, config.VocabSize, 0.5f);
        Write(directory, config,
        [
            TensorToWrite.FromFloat32("model.embeddings.tok_embeddings.weight", [config.VocabSize, config.HiddenSize], embedding),
            TensorToWrite.FromFloat32("decoder.bias", [config.VocabSize], bias),
        ]);
        return (embedding, bias);
    }

    private static void Write(string directory, ModelConfig config, IReadOnlyList<TensorToWrite> tensors)
    {
        Directory.CreateDirectory(directory);
        SafetensorsWriter.Write(Path.Combine(directory, "model.safetensors"), tensors);
        File.WriteAllText(Path.Combine(directory, "config.json"), config.ToJson());
    }
}
