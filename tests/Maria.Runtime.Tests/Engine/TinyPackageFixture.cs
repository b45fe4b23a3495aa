using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Export.Packaging;

namespace Maria.Runtime.Tests.Engine;

/// <summary>
/// Builds, once per test class, a MARIA package from tiny random-weight checkpoints of the real architectures
/// (ModernBERT + OLMo, written as Hugging Face folders with the repository's tiny tokenizers) through the real
/// exporter. Weights are drawn large enough that distributions are peaked, so greedy choices are well separated.
/// </summary>
public sealed class TinyPackageFixture : IDisposable
{
    public const int ContextLength = 64;

    public TinyPackageFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "maria-runtime-tests-" + Guid.NewGuid().ToString("N"));
        string repo = Tokenization.TokenizerTestFiles.RepositoryRoot;
        string mlm = Path.Combine(Root, "mlm");
        string ar = Path.Combine(Root, "ar");
        WriteModernBert(mlm, Path.Combine(repo, "models", "modernbert-tiny", "tokenizer.json"));
        WriteOlmo(ar, Path.Combine(repo, "models", "olmo-tiny", "tokenizer.json"));
        PackageDirectory = Path.Combine(Root, "package");
        PackageExporter.Export(new PackageExportOptions(mlm, ar, PackageDirectory) { ContextLength = ContextLength });
    }

    public string Root { get; }

    public string PackageDirectory { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static void WriteModernBert(string directory, string tokenizer)
    {
        var config = ModernBertConfig.Base() with
        {
            VocabSize = 4160, HiddenSize = 32, IntermediateSize = 48, NumHiddenLayers = 4, NumAttentionHeads = 2,
            MaxPositionEmbeddings = 128, LocalAttention = 16, PadTokenId = 4099, ClsTokenId = 4097, SepTokenId = 4098,
            BosTokenId = 4097, EosTokenId = 4098, MaskTokenId = 4100,
        };
        int h = config.HiddenSize, i = config.IntermediateSize;
        var tensors = new List<(string, long[])>
        {
            ("model.embeddings.tok_embeddings.weight", [config.VocabSize, h]),
            ("model.embeddings.norm.weight", [h]),
            ("model.final_norm.weight", [h]),
            ("head.dense.weight", [h, h]),
            ("head.norm.weight", [h]),
            ("decoder.bias", [config.VocabSize]),
        };
        for (int layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            string p = $"model.layers.{layer}.";
            if (layer > 0)
            {
                tensors.Add((p + "attn_norm.weight", [h]));
            }
            tensors.Add((p + "attn.Wqkv.weight", [3 * h, h]));
            tensors.Add((p + "attn.Wo.weight", [h, h]));
            tensors.Add((p + "mlp_norm.weight", [h]));
            tensors.Add((p + "mlp.Wi.weight", [2 * i, h]));
            tensors.Add((p + "mlp.Wo.weight", [h, i]));
        }
        Write(directory, config.ToJson(), tokenizer, tensors, seed: 11);
    }

    private static void WriteOlmo(string directory, string tokenizer)
    {
        var config = OlmoConfig.Olmo1B() with
        {
            VocabSize = 4096, HiddenSize = 32, IntermediateSize = 64, NumHiddenLayers = 2, NumAttentionHeads = 2,
            NumKeyValueHeads = 2, MaxPositionEmbeddings = 128, EosTokenId = 4095, PadTokenId = 4094,
        };
        int h = config.HiddenSize, i = config.IntermediateSize;
        var tensors = new List<(string, long[])> { ("model.embed_tokens.weight", [config.VocabSize, h]) };
        for (int layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            string p = $"model.layers.{layer}.";
            foreach (string proj in new[] { "q_proj", "k_proj", "v_proj", "o_proj" })
            {
                tensors.Add((p + "self_attn." + proj + ".weight", [h, h]));
            }
            tensors.Add((p + "mlp.gate_proj.weight", [i, h]));
            tensors.Add((p + "mlp.up_proj.weight", [i, h]));
            tensors.Add((p + "mlp.down_proj.weight", [h, i]));
        }
        Write(directory, config.ToJson(), tokenizer, tensors, seed: 12);
    }

    private static void Write(string directory, string configJson, string tokenizer, List<(string Name, long[] Shape)> tensors, int seed)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "config.json"), configJson);
        File.Copy(tokenizer, Path.Combine(directory, "tokenizer.json"));
        var random = new Random(seed);
        var toWrite = tensors.Select(t =>
        {
            long count = t.Shape.Aggregate(1L, (a, b) => a * b);
            var values = new float[count];
            bool isNorm = t.Name.Contains("norm", StringComparison.Ordinal);
            for (long k = 0; k < count; k++)
            {
                values[k] = isNorm ? 1f + (float)(0.1 * Gaussian(random)) : (float)(0.35 * Gaussian(random));
            }
            return TensorToWrite.FromFloat32(t.Name, t.Shape, values);
        }).ToList();
        SafetensorsWriter.Write(Path.Combine(directory, "model.safetensors"), toWrite);
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
