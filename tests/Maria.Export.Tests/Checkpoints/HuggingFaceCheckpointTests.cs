using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Runtime;

namespace Maria.Export.Tests.Checkpoints;

public sealed class HuggingFaceCheckpointTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static OlmoConfig TinyOlmo => OlmoConfig.Olmo1B() with { VocabSize = 32, HiddenSize = 8, IntermediateSize = 16, NumHiddenLayers = 1, NumAttentionHeads = 2, NumKeyValueHeads = 2, EosTokenId = 31 };

    [Fact]
    public void Folder_with_config_and_single_file_opens_with_config_tensors_and_tokenizer()
    {
        File.WriteAllText(folder.File("config.json"), TinyOlmo.ToJson());
        SafetensorsWriter.Write(folder.File("model.safetensors"), [TensorToWrite.FromFloat32("model.embed_tokens.weight", [32, 8], new float[256])]);
        File.WriteAllText(folder.File("tokenizer.json"), "{}");

        using var checkpoint = HuggingFaceCheckpoint.Open(folder.Path);

        Assert.Equal(TinyOlmo, checkpoint.Config);
        Assert.Equal([32L, 8L], checkpoint.Tensors.GetInfo("model.embed_tokens.weight").Shape);
        Assert.Equal(folder.File("tokenizer.json"), checkpoint.TokenizerPath);
        Assert.Equal(folder.File("model.safetensors"), checkpoint.WeightsPath);
    }

    [Fact]
    public void Folder_with_an_index_opens_the_shards_and_has_no_tokenizer_path_without_tokenizer_json()
    {
        File.WriteAllText(folder.File("config.json"), TinyOlmo.ToJson());
        SafetensorsWriter.WriteSharded(folder.Path,
            [TensorToWrite.FromFloat32("a", [4], [1f, 2f, 3f, 4f]), TensorToWrite.FromFloat32("b", [4], [5f, 6f, 7f, 8f])], maxShardBytes: 16);

        using var checkpoint = HuggingFaceCheckpoint.Open(folder.Path);

        Assert.IsType<ShardedSafetensors>(checkpoint.Tensors);
        Assert.Equal([5f, 6f, 7f, 8f], checkpoint.Tensors.ReadAsFloat32("b"));
        Assert.Null(checkpoint.TokenizerPath);
    }

    [Fact]
    public void Folder_without_config_json_is_refused_naming_config_json()
    {
        SafetensorsWriter.Write(folder.File("model.safetensors"), [TensorToWrite.FromFloat32("w", [1], [1f])]);

        var error = Assert.Throws<ModelConfigException>(() => HuggingFaceCheckpoint.Open(folder.Path));

        Assert.Contains("config.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_without_weights_is_refused_naming_the_expected_files()
    {
        File.WriteAllText(folder.File("config.json"), TinyOlmo.ToJson());

        var error = Assert.Throws<MariaInputException>(() => HuggingFaceCheckpoint.Open(folder.Path));

        Assert.Contains("model.safetensors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_with_only_pickle_weights_is_refused_with_advice()
    {
        File.WriteAllText(folder.File("config.json"), TinyOlmo.ToJson());
        File.WriteAllBytes(folder.File("pytorch_model.bin"), [1, 2, 3]);

        var error = Assert.Throws<MariaInputException>(() => HuggingFaceCheckpoint.Open(folder.Path));

        Assert.Contains("pytorch_model.bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_folder_is_refused()
    {
        Assert.Throws<MariaInputException>(() => HuggingFaceCheckpoint.Open(folder.File("nope")));
    }
}
