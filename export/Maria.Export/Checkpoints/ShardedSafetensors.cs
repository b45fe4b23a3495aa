using System.Globalization;
using System.Text.Json;

namespace Maria.Export.Checkpoints;

/// <summary>
/// A Hub sharded checkpoint read as one source: <c>model.safetensors.index.json</c>
/// (<c>{"metadata": {"total_size": ...}, "weight_map": {tensor: shard file}}</c>) and the shard files next to it.
/// Every shard is memory-mapped; the index and the shards must agree tensor for tensor.
/// </summary>
public sealed class ShardedSafetensors : ITensorSource
{
    private readonly SafetensorsFile[] shards;
    private readonly Dictionary<string, SafetensorsFile> shardOfTensor;

    private ShardedSafetensors(string indexPath, SafetensorsFile[] shards, Dictionary<string, SafetensorsFile> shardOfTensor,
        IReadOnlyDictionary<string, string> metadata, long? declaredTotalSize)
    {
        IndexPath = indexPath;
        this.shards = shards;
        this.shardOfTensor = shardOfTensor;
        Metadata = metadata;
        DeclaredTotalSize = declaredTotalSize;
        Tensors = [.. shards.SelectMany(shard => shard.Tensors)];
    }

    /// <summary>The index file this checkpoint was opened from.</summary>
    public string IndexPath { get; }

    /// <summary>Paths of the shard files, in the order the index first names them.</summary>
    public IReadOnlyList<string> ShardPaths => [.. shards.Select(shard => shard.Path)];

    /// <summary>The index's <c>metadata.total_size</c> when present (informational; writers compute it differently).</summary>
    public long? DeclaredTotalSize { get; }

    /// <inheritdoc/>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>Union of the shards' <c>__metadata__</c> (first shard wins) and the index's <c>metadata</c> values as strings.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// Opens the index and every shard it names (relative to the index's folder). Throws
    /// <see cref="SafetensorsFormatException"/> when the index is malformed, a shard is missing or malformed, a mapped
    /// tensor is absent from its shard, or a shard holds a tensor the index does not map to it.
    /// </summary>
    public static ShardedSafetensors Open(string indexJsonPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(indexJsonPath);
        if (!File.Exists(indexJsonPath))
        {
            throw new FileNotFoundException($"sharded checkpoint index '{indexJsonPath}' does not exist; check the path", indexJsonPath);
        }
        var (weightMap, indexMetadata, totalSize) = ReadIndex(indexJsonPath);
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(indexJsonPath))!;
        var opened = new List<SafetensorsFile>();
        try
        {
            var byFileName = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
            foreach (string shardName in weightMap.Values.Distinct(StringComparer.Ordinal))
            {
                string shardPath = System.IO.Path.Combine(folder, shardName);
                if (!File.Exists(shardPath))
                {
                    throw new SafetensorsFormatException(
                        $"sharded checkpoint index '{indexJsonPath}' names shard '{shardName}', which does not exist next to it; download every shard");
                }
                var shard = SafetensorsFile.Open(shardPath);
                opened.Add(shard);
                byFileName.Add(shardName, shard);
            }
            var shardOfTensor = MatchIndexToShards(indexJsonPath, weightMap, byFileName);
            var metadata = MergeMetadata(opened, indexMetadata);
            return new ShardedSafetensors(indexJsonPath, [.. opened], shardOfTensor, metadata, totalSize);
        }
        catch
        {
            opened.ForEach(shard => shard.Dispose());
            throw;
        }
    }

    private static Dictionary<string, SafetensorsFile> MatchIndexToShards(string indexPath,
        IReadOnlyDictionary<string, string> weightMap, Dictionary<string, SafetensorsFile> byFileName)
    {
        var shardOfTensor = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        foreach (var (tensor, shardName) in weightMap)
        {
            var shard = byFileName[shardName];
            if (!shard.Contains(tensor))
            {
                throw new SafetensorsFormatException(
                    $"sharded checkpoint index '{indexPath}', tensor '{tensor}': the index maps it to '{shardName}', which does not contain it; the index and shards come from different downloads");
            }
            shardOfTensor.Add(tensor, shard);
        }
        foreach (var (shardName, shard) in byFileName)
        {
            foreach (var info in shard.Tensors)
            {
                if (!shardOfTensor.TryGetValue(info.Name, out var mapped) || !ReferenceEquals(mapped, shard))
                {
                    string where = mapped is null ? "is not in the index's weight_map" : $"is mapped to '{System.IO.Path.GetFileName(mapped.Path)}' instead";
                    throw new SafetensorsFormatException(
                        $"sharded checkpoint index '{indexPath}', tensor '{info.Name}': shard '{shardName}' holds it but it {where}; the index and shards come from different downloads");
                }
            }
        }
        return shardOfTensor;
    }

    private static Dictionary<string, string> MergeMetadata(List<SafetensorsFile> shards, IReadOnlyDictionary<string, string> indexMetadata)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            foreach (var (key, value) in shard.Metadata)
            {
                merged.TryAdd(key, value);
            }
        }
        foreach (var (key, value) in indexMetadata)
        {
            merged.TryAdd(key, value);
        }
        return merged;
    }

    private static (IReadOnlyDictionary<string, string> WeightMap, IReadOnlyDictionary<string, string> Metadata, long? TotalSize) ReadIndex(string path)
    {
        JsonDocument document;
        byte[] bytes = File.ReadAllBytes(path);
        // JsonDocument leaves string contents unchecked until GetString, which then throws InvalidOperationException
        // (found by fuzzing, docs/RELIABILITY.md): the whole index is checked as UTF-8 first.
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw new SafetensorsFormatException(IndexProblem(path, "not valid UTF-8 text"));
        }
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException(IndexProblem(path, $"not valid JSON or has a duplicate key ({e.Message.ReplaceLineEndings(" ")})"), e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            {
                throw new SafetensorsFormatException(IndexProblem(path, "has no \"weight_map\" object; expected {\"metadata\": {...}, \"weight_map\": {tensor: file}}"));
            }
            var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String || !IsPlainFileName(entry.Value.GetString()!))
                {
                    throw new SafetensorsFormatException(IndexProblem(path, $"maps tensor '{entry.Name}' to {entry.Value.GetRawText()}; expected a shard file name in the index's folder"));
                }
                weightMap.Add(entry.Name, entry.Value.GetString()!);
            }
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            long? totalSize = null;
            if (root.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in meta.EnumerateObject())
                {
                    metadata[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
                    if (entry.Name == "total_size" && entry.Value.ValueKind == JsonValueKind.Number && entry.Value.TryGetInt64(out long size))
                    {
                        totalSize = size;
                    }
                }
            }
            return (weightMap, metadata, totalSize);
        }
    }

    private static bool IsPlainFileName(string name) => name.Length > 0 && name != "." && name != ".."
        && name.IndexOfAny(['/', '\\']) < 0 && !System.IO.Path.IsPathRooted(name);

    private static string IndexProblem(string path, string problem)
        => string.Create(CultureInfo.InvariantCulture, $"sharded checkpoint index '{path}' {problem}; re-download model.safetensors.index.json");

    /// <inheritdoc/>
    public bool Contains(string name) => shardOfTensor.ContainsKey(name);

    /// <inheritdoc/>
    public TensorInfo GetInfo(string name) => ShardOf(name).GetInfo(name);

    /// <inheritdoc/>
    public ReadOnlySpan<byte> GetBytes(string name) => ShardOf(name).GetBytes(name);

    /// <inheritdoc/>
    public void ReadAsFloat32(string name, Span<float> destination) => ShardOf(name).ReadAsFloat32(name, destination);

    /// <inheritdoc/>
    public float[] ReadAsFloat32(string name) => ShardOf(name).ReadAsFloat32(name);

    private SafetensorsFile ShardOf(string name)
    {
        if (shardOfTensor.TryGetValue(name, out var shard))
        {
            return shard;
        }
        string files = string.Join(", ", shards.Select(s => System.IO.Path.GetFileName(s.Path)));
        throw new SafetensorsFormatException(
            $"tensor '{name}' is not in sharded checkpoint '{IndexPath}' (shards {files}; {shardOfTensor.Count} tensors{TensorNameHints.Similar(name, shardOfTensor.Keys)}); check the tensor name and that the checkpoint matches the architecture");
    }

    /// <summary>Unmaps every shard.</summary>
    public void Dispose()
    {
        foreach (var shard in shards)
        {
            shard.Dispose();
        }
    }
}
