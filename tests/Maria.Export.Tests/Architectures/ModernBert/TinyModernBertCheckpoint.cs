using System.Globalization;
using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Export.Tests.Onnx;

namespace Maria.Export.Tests.Architectures.ModernBert;

/// <summary>
/// Writes a tiny ModernBERT checkpoint folder (config.json + model.safetensors) with seeded values, spelled out
/// tensor by tensor as the public checkpoints name them, with hooks to break it: drop a tensor, change a shape, add one.
/// </summary>
internal static class TinyModernBertCheckpoint
{
    /// <summary>3 layers (global, local, local), H 16, 2 heads of 8, I 12, V 40, window 4.</summary>
    public static ModernBertConfig Config() => new()
    {
        VocabSize = 40,
        HiddenSize = 16,
        IntermediateSize = 12,
        NumHiddenLayers = 3,
        NumAttentionHeads = 2,
        MaxPositionEmbeddings = 64,
        TieWordEmbeddings = true,
        GlobalAttnEveryNLayers = 3,
        LocalAttention = 4,
        PadTokenId = 39,
        ClsTokenId = 38,
        BosTokenId = 38,
        SepTokenId = 37,
        EosTokenId = 37,
    };

    /// <summary>The tensors of <paramref name="config"/> with their shapes, in checkpoint order.</summary>
    public static List<(string Name, long[] Shape)> Tensors(ModernBertConfig config)
    {
        long h = config.HiddenSize, i = config.IntermediateSize;
        var tensors = new List<(string, long[])> { ("model.embeddings.tok_embeddings.weight", [config.VocabSize, h]), ("model.embeddings.norm.weight", [h]) };
        for (int layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            string prefix = string.Create(CultureInfo.InvariantCulture, $"model.layers.{layer}.");
            if (layer > 0)
            {
                tensors.Add((prefix + "attn_norm.weight", [h]));
            }
            tensors.Add((prefix + "attn.Wqkv.weight", [3 * h, h]));
            tensors.Add((prefix + "attn.Wo.weight", [h, h]));
            tensors.Add((prefix + "mlp_norm.weight", [h]));
            tensors.Add((prefix + "mlp.Wi.weight", [2 * i, h]));
            tensors.Add((prefix + "mlp.Wo.weight", [h, i]));
        }
        tensors.Add(("model.final_norm.weight", [h]));
        tensors.Add(("head.dense.weight", [h, h]));
        tensors.Add(("head.norm.weight", [h]));
        tensors.Add(("decoder.bias", [config.VocabSize]));
        return tensors;
    }

    /// <summary>Writes the folder; <paramref name="edit"/> may change the tensor list before it is written.</summary>
    public static void Write(string folder, ModernBertConfig config, Action<List<(string Name, long[] Shape)>>? edit = null)
    {
        var tensors = Tensors(config);
        edit?.Invoke(tensors);
        Directory.CreateDirectory(folder);
        var toWrite = tensors.Select((tensor, index) => TensorToWrite.FromFloat32(tensor.Name, tensor.Shape, Values(tensor.Name, tensor.Shape, 100 + index))).ToList();
        SafetensorsWriter.Write(Path.Combine(folder, "model.safetensors"), toWrite);
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJson());
    }

    /// <summary>Norm scales near 1, everything else uniform in ±0.3.</summary>
    private static float[] Values(string name, long[] shape, int seed)
    {
        int count = (int)shape.Aggregate(1L, (a, b) => a * b);
        float[] values = TestData.Random(seed, count, 0.3f);
        return name.EndsWith("norm.weight", StringComparison.Ordinal) ? values.Select(v => 1f + (v / 3)).ToArray() : values;
    }
}
