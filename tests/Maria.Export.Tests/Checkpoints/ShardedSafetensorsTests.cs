using System.Text.Json;
using Maria.Export.Checkpoints;

namespace Maria.Export.Tests.Checkpoints;

public sealed class ShardedSafetensorsTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>Ten fp32 tensors of 4..40 floats (16..160 bytes), values derived from the index so every tensor differs.</summary>
    private static List<TensorToWrite> TenTensors() => [.. Enumerable.Range(0, 10).Select(i =>
    {
        float[] values = [.. Enumerable.Range(0, 4 * (i + 1)).Select(j => i * 1000f + j)];
        return TensorToWrite.FromFloat32($"layers.{i}.weight", [i + 1, 4], values);
    })];

    private string IndexPath => folder.File("model.safetensors.index.json");

    [Fact]
    public void Checkpoint_written_into_several_shards_reads_as_one()
    {
        var tensors = TenTensors();

        SafetensorsWriter.WriteSharded(folder.Path, tensors, maxShardBytes: 300);
        using var checkpoint = ShardedSafetensors.Open(IndexPath);

        Assert.True(checkpoint.ShardPaths.Count >= 3, $"expected at least 3 shards, got {checkpoint.ShardPaths.Count}");
        Assert.Equal(checkpoint.ShardPaths.Count, Directory.GetFiles(folder.Path, "model-*-of-*.safetensors").Length);
        Assert.Equal(tensors.Select(t => t.Name).Order(StringComparer.Ordinal), checkpoint.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        for (int i = 0; i < 10; i++)
        {
            float[] values = checkpoint.ReadAsFloat32($"layers.{i}.weight");
            Assert.Equal([i + 1L, 4L], checkpoint.GetInfo($"layers.{i}.weight").Shape);
            Assert.Equal(Enumerable.Range(0, 4 * (i + 1)).Select(j => i * 1000f + j), values);
        }
    }

    [Fact]
    public void Shards_are_named_like_the_hub_and_respect_the_size_limit()
    {
        SafetensorsWriter.WriteSharded(folder.Path, TenTensors(), maxShardBytes: 300);
        using var checkpoint = ShardedSafetensors.Open(IndexPath);

        int count = checkpoint.ShardPaths.Count;
        Assert.Equal(
            Enumerable.Range(1, count).Select(i => $"model-{i:D5}-of-{count:D5}.safetensors"),
            checkpoint.ShardPaths.Select(Path.GetFileName));
        foreach (string shard in checkpoint.ShardPaths)
        {
            using var file = SafetensorsFile.Open(shard);
            long bytes = file.Tensors.Sum(t => t.ByteLength);
            Assert.True(bytes <= 300 || file.Tensors.Count == 1, $"{shard} holds {bytes} bytes in {file.Tensors.Count} tensors");
        }
    }

    [Fact]
    public void Index_lists_total_size_and_every_tensor_in_its_shard()
    {
        var tensors = TenTensors();

        SafetensorsWriter.WriteSharded(folder.Path, tensors, maxShardBytes: 300);

        using var index = JsonDocument.Parse(File.ReadAllText(IndexPath));
        Assert.Equal(tensors.Sum(t => t.ByteLength), index.RootElement.GetProperty("metadata").GetProperty("total_size").GetInt64());
        var weightMap = index.RootElement.GetProperty("weight_map");
        foreach (var tensor in tensors)
        {
            using var shard = SafetensorsFile.Open(folder.File(weightMap.GetProperty(tensor.Name).GetString()!));
            Assert.True(shard.Contains(tensor.Name));
        }
        using var checkpoint = ShardedSafetensors.Open(IndexPath);
        Assert.Equal(tensors.Sum(t => t.ByteLength), checkpoint.DeclaredTotalSize);
    }

    [Fact]
    public void Tensor_larger_than_the_shard_limit_gets_a_shard_of_its_own()
    {
        TensorToWrite[] tensors =
        [
            TensorToWrite.FromFloat32("small", [2], [1f, 2f]),
            TensorToWrite.FromFloat32("huge", [100], new float[100]),
            TensorToWrite.FromFloat32("tail", [1], [3f]),
        ];

        SafetensorsWriter.WriteSharded(folder.Path, tensors, maxShardBytes: 64);
        using var checkpoint = ShardedSafetensors.Open(IndexPath);

        Assert.Equal(3, checkpoint.ShardPaths.Count);
        Assert.Equal([3f], checkpoint.ReadAsFloat32("tail"));
    }

    [Fact]
    public void Metadata_round_trips_through_shards()
    {
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["producer"] = "maria" };

        SafetensorsWriter.WriteSharded(folder.Path, TenTensors(), maxShardBytes: 300, metadata);
        using var checkpoint = ShardedSafetensors.Open(IndexPath);

        Assert.Equal("pt", checkpoint.Metadata["format"]);
        Assert.Equal("maria", checkpoint.Metadata["producer"]);
        Assert.Equal(TenTensors().Sum(t => t.ByteLength).ToString(System.Globalization.CultureInfo.InvariantCulture), checkpoint.Metadata["total_size"]);
    }

    [Fact]
    public void Missing_tensor_message_names_the_index_and_its_shards()
    {
        SafetensorsWriter.WriteSharded(folder.Path, TenTensors(), maxShardBytes: 300);
        using var checkpoint = ShardedSafetensors.Open(IndexPath);

        var error = Assert.Throws<SafetensorsFormatException>(() => checkpoint.GetBytes("lm_head.weight"));

        Assert.Contains("'lm_head.weight'", error.Message, StringComparison.Ordinal);
        Assert.Contains("model-00001-of-", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Index_naming_a_missing_shard_is_rejected()
    {
        SafetensorsWriter.WriteSharded(folder.Path, TenTensors(), maxShardBytes: 300);
        string lastShard = Directory.GetFiles(folder.Path, "model-*.safetensors").Order(StringComparer.Ordinal).Last();
        File.Delete(lastShard);

        var error = Assert.Throws<SafetensorsFormatException>(() => ShardedSafetensors.Open(IndexPath));

        Assert.Contains(Path.GetFileName(lastShard), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Index_mapping_a_tensor_to_the_wrong_shard_is_rejected()
    {
        SafetensorsWriter.WriteSharded(folder.Path, TenTensors(), maxShardBytes: 300);
        string text = File.ReadAllText(IndexPath);
        File.WriteAllText(IndexPath, text.Replace("\"layers.0.weight\": \"model-00001-", "\"layers.0.weight\": \"model-00002-", StringComparison.Ordinal));

        var error = Assert.Throws<SafetensorsFormatException>(() => ShardedSafetensors.Open(IndexPath));

        Assert.Contains("'layers.0.weight'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Index_with_a_duplicate_tensor_key_is_rejected()
    {
        SafetensorsWriter.Write(folder.File("a.safetensors"), [TensorToWrite.FromFloat32("w", [1], [1f])]);
        File.WriteAllText(IndexPath, """{"metadata": {}, "weight_map": {"w": "a.safetensors", "w": "a.safetensors"}}""");

        var error = Assert.Throws<SafetensorsFormatException>(() => ShardedSafetensors.Open(IndexPath));

        Assert.Contains("duplicate", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Index_pointing_outside_its_folder_is_rejected()
    {
        File.WriteAllText(IndexPath, """{"weight_map": {"w": "../elsewhere.safetensors"}}""");

        var error = Assert.Throws<SafetensorsFormatException>(() => ShardedSafetensors.Open(IndexPath));

        Assert.Contains("'w'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shard_holding_a_tensor_the_index_does_not_list_is_rejected()
    {
        SafetensorsWriter.Write(folder.File("a.safetensors"), [TensorToWrite.FromFloat32("w", [1], [1f]), TensorToWrite.FromFloat32("extra", [1], [2f])]);
        File.WriteAllText(IndexPath, """{"weight_map": {"w": "a.safetensors"}}""");

        var error = Assert.Throws<SafetensorsFormatException>(() => ShardedSafetensors.Open(IndexPath));

        Assert.Contains("'extra'", error.Message, StringComparison.Ordinal);
    }
}
