using Maria.Export.Configs;
using Maria.Runtime;

namespace Maria.Export.Checkpoints;

/// <summary>
/// A checkpoint folder as users download it from the Hub: <c>config.json</c>, the weights as
/// <c>model.safetensors</c> or <c>model.safetensors.index.json</c> plus shards, and usually <c>tokenizer.json</c>.
/// </summary>
public sealed class HuggingFaceCheckpoint : IDisposable
{
    private HuggingFaceCheckpoint(string directory, ModelConfig config, ITensorSource tensors, string weightsPath, string? tokenizerPath)
    {
        Directory = directory;
        Config = config;
        Tensors = tensors;
        WeightsPath = weightsPath;
        TokenizerPath = tokenizerPath;
    }

    /// <summary>The folder the checkpoint was opened from.</summary>
    public string Directory { get; }

    /// <summary>The validated config.json.</summary>
    public ModelConfig Config { get; }

    /// <summary>The weights, single-file or sharded, read as one.</summary>
    public ITensorSource Tensors { get; }

    /// <summary>The weights file that was opened: model.safetensors (or the folder's only .safetensors file) or the index.</summary>
    public string WeightsPath { get; }

    /// <summary>Path of tokenizer.json when the folder has one, else null.</summary>
    public string? TokenizerPath { get; }

    /// <summary>True when the folder looks like a checkpoint: it has a config.json.</summary>
    public static bool LooksLikeCheckpoint(string directory)
        => System.IO.Directory.Exists(directory) && File.Exists(Path.Combine(directory, "config.json"));

    /// <summary>
    /// Opens a checkpoint folder. Prefers model.safetensors.index.json, then model.safetensors, then a single
    /// other .safetensors file. Throws <see cref="MariaInputException"/> (or a subclass) with a message that says which
    /// file is missing or wrong and how to fix it.
    /// </summary>
    public static HuggingFaceCheckpoint Open(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new MariaInputException($"checkpoint folder '{directory}' does not exist; pass the folder that holds config.json and the .safetensors weights");
        }
        string configPath = Path.Combine(directory, "config.json");
        if (!File.Exists(configPath))
        {
            throw new ModelConfigException($"checkpoint folder '{directory}' has no config.json; download it together with the weights from the model's Hub page");
        }
        var config = ModelConfigReader.Read(configPath);
        string weightsPath = FindWeights(directory);
        ITensorSource tensors = weightsPath.EndsWith(".json", StringComparison.Ordinal)
            ? ShardedSafetensors.Open(weightsPath)
            : SafetensorsFile.Open(weightsPath);
        string tokenizerPath = Path.Combine(directory, "tokenizer.json");
        return new HuggingFaceCheckpoint(directory, config, tensors, weightsPath, File.Exists(tokenizerPath) ? tokenizerPath : null);
    }

    private static string FindWeights(string directory)
    {
        string index = Path.Combine(directory, SafetensorsLayout.IndexFileName);
        if (File.Exists(index))
        {
            return index;
        }
        string single = Path.Combine(directory, SafetensorsLayout.SingleFileName);
        if (File.Exists(single))
        {
            return single;
        }
        string[] candidates = System.IO.Directory.GetFiles(directory, "*.safetensors");
        if (candidates.Length == 1)
        {
            return candidates[0];
        }
        if (candidates.Length > 1)
        {
            throw new MariaInputException(
                $"checkpoint folder '{directory}' has {candidates.Length} .safetensors files but no {SafetensorsLayout.IndexFileName} saying which tensor is where; download the index file too");
        }
        bool hasPickle = File.Exists(Path.Combine(directory, "pytorch_model.bin")) || File.Exists(Path.Combine(directory, "pytorch_model.bin.index.json"));
        throw new MariaInputException(hasPickle
            ? $"checkpoint folder '{directory}' has only PyTorch pickle weights (pytorch_model.bin), which are not read for safety; download the model's .safetensors files instead"
            : $"checkpoint folder '{directory}' has no weights: expected {SafetensorsLayout.SingleFileName} or {SafetensorsLayout.IndexFileName} with its shards");
    }

    /// <summary>Releases the memory-mapped weights.</summary>
    public void Dispose() => Tensors.Dispose();
}
