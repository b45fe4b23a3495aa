using Maria.Export.Checkpoints;
using Maria.Runtime.Packaging;

namespace Maria.Export.Packaging;

/// <summary>The provenance records of a checkpoint folder: config.json, tokenizer.json and every weights file, hashed.</summary>
internal static class SourceFiles
{
    public static IReadOnlyList<SourceFile> Of(HuggingFaceCheckpoint checkpoint, IProgress<string>? progress, CancellationToken cancellation)
    {
        var paths = new List<string> { Path.Combine(checkpoint.Directory, "config.json") };
        if (checkpoint.TokenizerPath is not null)
        {
            paths.Add(checkpoint.TokenizerPath);
        }
        paths.Add(checkpoint.WeightsPath);
        if (checkpoint.Tensors is ShardedSafetensors sharded)
        {
            paths.AddRange(sharded.ShardPaths);
        }
        var files = new List<SourceFile>(paths.Count);
        foreach (string path in paths)
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Report($"hashing {path}");
            files.Add(Hash(path, checkpoint.Directory));
        }
        return files;
    }

    /// <summary>A file by its path relative to <paramref name="folder"/> (forward slashes) and its sha256.</summary>
    public static SourceFile Hash(string path, string folder) =>
        new(Path.GetRelativePath(folder, path).Replace('\\', '/'), PackageManifestReader.Sha256Of(path));
}
