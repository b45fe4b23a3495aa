using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.Models.HuggingFace;

/// <summary>
/// Saves a reference module as a Hugging Face checkpoint folder (config.json, model.safetensors or Hub-style shards,
/// tokenizer.json) with the public tensor names and orientations, and loads such a folder back into a module.
/// </summary>
public static class HuggingFaceFolder
{
    /// <summary>The Hub's default shard limit, "5GB" = 5·10⁹ bytes.</summary>
    public const long DefaultMaxShardBytes = 5_000_000_000;

    /// <summary>
    /// Writes <paramref name="module"/> (built for <paramref name="config"/>) into <paramref name="directory"/>: config.json,
    /// the weights stored as <paramref name="storeAs"/> (F32, F16 or BF16) in one model.safetensors, or in shards of at
    /// most <paramref name="maxShardBytes"/> with model.safetensors.index.json when larger, and a copy of
    /// <paramref name="tokenizerJsonPath"/> as tokenizer.json when given. Tied heads are not written.
    /// </summary>
    public static void Save(nn.Module module, ModelConfig config, string directory, SafetensorsDType storeAs,
        string? tokenizerJsonPath = null, long maxShardBytes = DefaultMaxShardBytes)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(config);
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var layout = HuggingFaceTensorLayout.For(config);
        RequireSameTensors(layout, parameters.ToDictionary(p => p.Key, p => p.Value.shape), $"module {module.GetType().Name}");

        var tensors = layout.Select(spec => new TensorToWrite(spec.Name, storeAs, spec.Shape, () =>
        {
            using var scope = torch.NewDisposeScope();   // detach/cpu/contiguous may each make a new handle
            float[] values = parameters[spec.Name].detach().cpu().contiguous().data<float>().ToArray();
            return TensorToWrite.FromFloat32(spec.Name, spec.Shape, values, storeAs).Data();
        })).ToList();
        WriteFolder(config, directory, tensors, tokenizerJsonPath, maxShardBytes);
    }

    /// <summary>
    /// Writes config.json, the weights (single file or shards, whichever <paramref name="maxShardBytes"/> calls for) and
    /// tokenizer.json. Shared by <see cref="Save"/> and the random checkpoint writer, which streams tensors instead.
    /// </summary>
    public static void WriteFolder(ModelConfig config, string directory, IReadOnlyList<TensorToWrite> tensors,
        string? tokenizerJsonPath, long maxShardBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxShardBytes);
        config.Validate(Path.Combine(directory, "config.json"));   // never write a folder that cannot be read back
        if (tokenizerJsonPath is not null && !File.Exists(tokenizerJsonPath))
        {
            throw new MariaInputException($"tokenizer file '{tokenizerJsonPath}' does not exist; pass the path of a Hugging Face tokenizer.json or leave it out");
        }
        Directory.CreateDirectory(directory);
        long totalBytes = tensors.Sum(t => t.ByteLength);
        if (totalBytes > maxShardBytes)
        {
            SafetensorsWriter.WriteSharded(directory, tensors, maxShardBytes, Metadata());
        }
        else
        {
            SafetensorsWriter.Write(Path.Combine(directory, "model.safetensors"), tensors, Metadata());
        }
        File.WriteAllText(Path.Combine(directory, "config.json"), config.ToJson());
        if (tokenizerJsonPath is not null)
        {
            File.Copy(tokenizerJsonPath, Path.Combine(directory, "tokenizer.json"), overwrite: true);
        }
    }

    /// <summary>Loads a checkpoint folder into the matching reference module (weights converted to fp32).</summary>
    public static nn.Module Load(string directory)
    {
        using var checkpoint = HuggingFaceCheckpoint.Open(directory);
        var module = ReferenceModels.Create(checkpoint.Config);
        try
        {
            LoadWeights(module, checkpoint.Config, checkpoint.Tensors, directory);
            return module;
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    /// <summary>Loads a checkpoint folder that must hold a <typeparamref name="TModule"/>.</summary>
    public static TModule Load<TModule>(string directory) where TModule : nn.Module
    {
        var module = Load(directory);
        if (module is TModule typed)
        {
            return typed;
        }
        string found = module.GetType().Name;
        module.Dispose();
        throw new MariaInputException($"checkpoint '{directory}' holds a {found}, not a {typeof(TModule).Name}; check config.json's architectures or pass another folder");
    }

    /// <summary>
    /// Copies every tensor of <paramref name="tensors"/> into the same-named parameter of <paramref name="module"/>.
    /// Duplicates of tied weights (decoder.weight, lm_head.weight of a tied model) are accepted and ignored.
    /// </summary>
    public static void LoadWeights(nn.Module module, ModelConfig config, ITensorSource tensors, string sourceName)
    {
        var layout = HuggingFaceTensorLayout.For(config);
        var stored = tensors.Tensors
            .Where(t => !IsTiedDuplicate(t.Name, config))
            .ToDictionary(t => t.Name, t => t.Shape);
        RequireSameTensors(layout, stored, $"checkpoint '{sourceName}'");
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var noGrad = torch.no_grad();
        foreach (var spec in layout)
        {
            float[] values = tensors.ReadAsFloat32(spec.Name);
            using var source = torch.tensor(values, spec.Shape);
            parameters[spec.Name].copy_(source);
        }
    }

    private static bool IsTiedDuplicate(string name, ModelConfig config)
        => (config is ModernBertConfig && name == "decoder.weight")
        || (config is CausalLmConfig { TieWordEmbeddings: true } && name == "lm_head.weight");

    private static void RequireSameTensors(IReadOnlyList<TensorSpec> layout, IReadOnlyDictionary<string, long[]> actual, string where)
    {
        var expectedNames = layout.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var spec in layout)
        {
            if (!actual.TryGetValue(spec.Name, out long[]? shape))
            {
                throw new MariaInputException(
                    $"{where} lacks tensor '{spec.Name}' [{string.Join(", ", spec.Shape)}] that config.json implies; check that config.json belongs to these weights");
            }
            if (!shape.SequenceEqual(spec.Shape))
            {
                throw new MariaInputException(
                    $"{where}: tensor '{spec.Name}' has shape [{string.Join(", ", shape)}], config.json implies [{string.Join(", ", spec.Shape)}]; check that config.json belongs to these weights");
            }
        }
        string? unexpected = actual.Keys.Where(name => !expectedNames.Contains(name)).Order(StringComparer.Ordinal).FirstOrDefault();
        if (unexpected is not null)
        {
            throw new MariaInputException(
                $"{where} has tensor '{unexpected}' that this architecture does not use; the weights and config.json describe different models");
        }
    }

    // The reference writer (safetensors.torch) tags its files this way; some readers look for it.
    private static Dictionary<string, string> Metadata() => new() { ["format"] = "pt" };
}
