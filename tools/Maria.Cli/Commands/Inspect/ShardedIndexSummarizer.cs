using System.Text.Json.Nodes;
using Maria.Export.Checkpoints;

namespace Maria.Cli.Commands.Inspect;

/// <summary>A sharded checkpoint's index (model.safetensors.index.json or any *.safetensors.index.json) and its shards.</summary>
internal sealed class ShardedIndexSummarizer : IInspectionSummarizer
{
    public int Order => 20;

    public bool CanSummarize(string path) => File.Exists(path) && path.EndsWith(".safetensors.index.json", StringComparison.OrdinalIgnoreCase);

    public InspectionReport Summarize(string path)
    {
        using var checkpoint = ShardedSafetensors.Open(path);
        return new InspectionReport("sharded safetensors", path)
        {
            Settings = new JsonObject { ["shards"] = checkpoint.ShardPaths.Count, ["declared_total_size"] = checkpoint.DeclaredTotalSize },
            Files = [path, .. checkpoint.ShardPaths],
            Metadata = checkpoint.Metadata,
            Tensors = checkpoint.Tensors,
        };
    }
}
