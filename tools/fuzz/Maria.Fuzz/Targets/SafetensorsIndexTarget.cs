using Maria.Export.Checkpoints;

namespace Maria.Fuzz.Targets;

/// <summary>
/// A sharded checkpoint's model.safetensors.index.json, next to one real shard (model-00001-of-00001.safetensors, the
/// small seed checkpoint derived from models/olmo-tiny): the index parsed, cross-checked with the shard, every tensor read.
/// </summary>
internal sealed class SafetensorsIndexTarget : IFuzzTarget
{
    public const string ShardName = "model-00001-of-00001.safetensors";

    public SafetensorsIndexTarget()
    {
        File.WriteAllBytes(ScratchFiles.Path(ShardName), SeedCorpus.SmallCheckpoint());
    }

    public string Run(byte[] input)
    {
        string path = ScratchFiles.Write("model.safetensors.index.json", input);
        return ParserContract.Check(() =>
        {
            using var checkpoint = ShardedSafetensors.Open(path);
            SafetensorsReading.ReadAll(checkpoint, checkpoint.Tensors);
        });
    }
}
