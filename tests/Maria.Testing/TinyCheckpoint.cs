using System.Text.Json.Nodes;
using Maria.Export.Checkpoints;
using Maria.Export.Configs;

namespace Maria.Testing;

/// <summary>
/// The one tiny-checkpoint builder of the tests: a Hugging Face folder (config.json, model.safetensors, optionally
/// tokenizer.json) whose tensors are exactly those the exporter's <see cref="HuggingFaceTensorLayout"/> lists for the
/// config (no tensor name is spelled out here), each filled by a <see cref="TensorFill"/>. Tests that need a broken
/// checkpoint edit the list before it is written.
/// </summary>
internal static class TinyCheckpoint
{
    /// <summary>An OLMo v1 of the tiny tokenizer pair's vocabulary: hidden 32, 2 layers, 2 heads of 16, context 64.</summary>
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

    /// <summary>A ModernBERT of the tiny tokenizer pair's vocabulary: hidden 32, 3 layers, 2 heads, context 65, window 8.</summary>
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

    /// <summary><see cref="Olmo"/> (or <paramref name="config"/>) with the causal tiny tokenizer, uniform ±0.05 weights.</summary>
    public static void WriteOlmo(string directory, OlmoConfig? config = null, JsonObject? tokenizer = null, int seed = 1) =>
        Write(directory, config ?? Olmo(), TensorFill.UniformStream(seed, 0.05f), tokenizerJson: (tokenizer ?? TinyTokenizerPair.Causal()).ToJsonString());

    /// <summary><see cref="ModernBert"/> (or <paramref name="config"/>) with the masked tiny tokenizer, uniform ±0.05 weights.</summary>
    public static void WriteModernBert(string directory, ModernBertConfig? config = null, JsonObject? tokenizer = null, int seed = 2) =>
        Write(directory, config ?? ModernBert(), TensorFill.UniformStream(seed, 0.05f), tokenizerJson: (tokenizer ?? TinyTokenizerPair.Masked()).ToJsonString());

    /// <summary>
    /// Writes config.json (of <paramref name="config"/>), tokenizer.json when given, and model.safetensors holding the
    /// tensors of <paramref name="layoutOf"/> (default: the config itself; another config writes a file that contradicts
    /// config.json, as refusal tests need) after <paramref name="edit"/>, filled in list order by <paramref name="fill"/>.
    /// Returns the values as stored (rounded to half precision for F16 or when <paramref name="roundToHalf"/>).
    /// </summary>
    public static Dictionary<string, float[]> Write(string directory, ModelConfig config, TensorFill fill,
        Action<List<TensorSpec>>? edit = null, ModelConfig? layoutOf = null, string? tokenizerJson = null,
        SafetensorsDType storeAs = SafetensorsDType.F32, bool roundToHalf = false)
    {
        var tensors = HuggingFaceTensorLayout.For(layoutOf ?? config).ToList();
        edit?.Invoke(tensors);
        var values = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var toWrite = new List<TensorToWrite>(tensors.Count);
        for (int index = 0; index < tensors.Count; index++)
        {
            float[] data = fill.Values(tensors[index], index);
            if (storeAs == SafetensorsDType.F16 || roundToHalf)
            {
                data = data.Select(v => (float)(Half)v).ToArray();   // the values the file will hold
            }
            values[tensors[index].Name] = data;
            toWrite.Add(TensorToWrite.FromFloat32(tensors[index].Name, tensors[index].Shape, data, storeAs));
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "config.json"), config.ToJson());
        if (tokenizerJson is not null)
        {
            File.WriteAllText(Path.Combine(directory, "tokenizer.json"), tokenizerJson);
        }
        SafetensorsWriter.Write(Path.Combine(directory, "model.safetensors"), toWrite, HubMetadata);
        return values;
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
        SafetensorsWriter.Write(path, tensors, HubMetadata);
    }

    // safetensors.torch tags its files this way, as the Hub's checkpoints are.
    private static Dictionary<string, string> HubMetadata => new() { ["format"] = "pt" };
}
