using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Training.Models.Causal;
using Maria.Training.Models.HuggingFace;
using Maria.Training.Models.ModernBert;
using TorchSharp;
using static Maria.Training.Tests.Models.ModelTestKit;

namespace Maria.Training.Tests.Models;

public sealed class RandomCheckpointTests
{
    private static string[] TinyOlmoArguments(string output, ulong seed) => new[]
    {
        "random", "--arch", "olmo", "--hidden", "16", "--layers", "2", "--heads", "4", "--intermediate", "32",
        "--vocab", "40", "--untied", "--clip-qkv", "0.5", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--output", output,
    };


    private static Dictionary<string, byte[]> FolderBytes(string directory)
        => Directory.GetFiles(directory).ToDictionary(path => Path.GetFileName(path), File.ReadAllBytes);

    [Fact]
    public void Random_command_is_deterministic_for_a_seed_and_differs_between_seeds()
    {
        using var folder = new TemporaryFolder();

        var first = TrainCli.Run(TinyOlmoArguments(folder.File("a"), 7));
        var second = TrainCli.Run(TinyOlmoArguments(folder.File("b"), 7));
        var other = TrainCli.Run(TinyOlmoArguments(folder.File("c"), 8));

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(0, other.ExitCode);
        Assert.Equal(Path.GetFullPath(folder.File("a")), first.Stdout.Trim());
        var a = FolderBytes(folder.File("a"));
        var b = FolderBytes(folder.File("b"));
        var c = FolderBytes(folder.File("c"));
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.All(a, file => Assert.Equal(file.Value, b[file.Key]));
        Assert.NotEqual(a["model.safetensors"], c["model.safetensors"]);
        Assert.Equal(a["config.json"], c["config.json"]);
    }

    [Fact]
    public void Random_command_writes_the_public_tensor_names_and_a_loadable_checkpoint()
    {
        using var folder = new TemporaryFolder();

        var result = TrainCli.Run(TinyOlmoArguments(folder.Path, 9));

        Assert.Equal(0, result.ExitCode);
        using (var checkpoint = HuggingFaceCheckpoint.Open(folder.Path))
        {
            var config = Assert.IsType<OlmoConfig>(checkpoint.Config);
            Assert.Equal(0.5, config.ClipQkv);
            Assert.False(config.TieWordEmbeddings);
            Assert.Equal(HuggingFaceTensorLayout.For(config).Select(t => t.Name).Order(StringComparer.Ordinal),
                checkpoint.Tensors.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
            Assert.True(checkpoint.Tensors.Contains("lm_head.weight"));
            Assert.True(checkpoint.Tensors.Contains("model.layers.1.self_attn.v_proj.weight"));
        }
        using var model = HuggingFaceFolder.Load<OlmoForCausalLM>(folder.Path);
        using var scope = torch.NewDisposeScope();
        var (logits, _) = model.forward(Batch(new[] { Tokens(6, 40, salt: 1) }));
        Assert.Equal(new long[] { 1, 6, 40 }, logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
    }

    [Theory]
    [InlineData("olmo")]
    [InlineData("llama")]
    [InlineData("modernbert")]
    public void Random_command_writes_config_json_typed_as_transformers_declares(string architecture)
    {
        using var folder = new TemporaryFolder();
        string[] args = architecture == "modernbert"
            ? ["random", "--arch", architecture, "--hidden", "16", "--layers", "2", "--heads", "4", "--intermediate", "32", "--vocab", "40", "--seed", "1", "--output", folder.Path]
            : ["random", "--arch", architecture, "--hidden", "16", "--layers", "2", "--heads", "4", "--kv-heads", "2", "--intermediate", "32", "--vocab", "40", "--seed", "1", "--output", folder.Path];

        var result = TrainCli.Run(args);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var problems = TransformersConfigTypes.Problems(File.ReadAllText(Path.Combine(folder.Path, "config.json")));
        Assert.True(problems.Count == 0, string.Join("; ", problems));
    }

    [Fact]
    public void Random_weights_are_normal_0_02_matrices_unit_norms_and_zero_biases()
    {
        var config = ModernBertForMaskedLMTests.TinyConfig() with { VocabSize = 2000 };
        using var folder = new TemporaryFolder();

        RandomCheckpointWriter.Write(config, folder.Path, seed: 5, SafetensorsDType.F32);

        using var checkpoint = HuggingFaceCheckpoint.Open(folder.Path);
        float[] embeddings = checkpoint.Tensors.ReadAsFloat32("model.embeddings.tok_embeddings.weight");
        double mean = embeddings.Average(v => (double)v);
        double std = Math.Sqrt(embeddings.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.001, 0.001);
        Assert.InRange(std, 0.0195, 0.0205);
        Assert.All(checkpoint.Tensors.ReadAsFloat32("model.layers.2.attn_norm.weight"), v => Assert.Equal(1f, v));
        Assert.All(checkpoint.Tensors.ReadAsFloat32("decoder.bias"), v => Assert.Equal(0f, v));
        Assert.False(checkpoint.Tensors.Contains("decoder.weight"));
        Assert.False(checkpoint.Tensors.Contains("model.layers.0.attn_norm.weight"));
    }

    [Fact]
    public void Random_values_match_the_stored_tensors_and_load_into_the_module()
    {
        var config = CausalLanguageModelTests.TinyLlama(tied: false);
        using var folder = new TemporaryFolder();
        var spec = HuggingFaceTensorLayout.For(config).Single(t => t.Name == "model.layers.1.self_attn.k_proj.weight");

        RandomCheckpointWriter.Write(config, folder.Path, seed: 6, SafetensorsDType.F32);
        using var model = HuggingFaceFolder.Load<LlamaForCausalLM>(folder.Path);

        Assert.Equal(RandomCheckpointWriter.Values(spec, seed: 6), Weights(model)[spec.Name]);
    }

    [Fact]
    public void Large_checkpoints_are_sharded_like_the_hub_and_read_back_as_one()
    {
        using var folder = new TemporaryFolder();
        var args = TinyOlmoArguments(folder.Path, 10).Concat(new[] { "--max-shard-size", "8KB", "--dtype", "bf16" }).ToArray();

        var result = TrainCli.Run(args);

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(folder.Path, "model.safetensors.index.json")));
        string[] shards = Directory.GetFiles(folder.Path, "model-*-of-*.safetensors");
        Assert.True(shards.Length > 1, $"expected several shards, found {shards.Length}");
        Assert.All(shards, shard => Assert.True(new FileInfo(shard).Length <= 8_000 + 4096, $"{shard} is larger than one shard"));
        using var model = HuggingFaceFolder.Load<OlmoForCausalLM>(folder.Path);
        using var checkpoint = HuggingFaceCheckpoint.Open(folder.Path);
        Assert.All(checkpoint.Tensors.Tensors, t => Assert.Equal(SafetensorsDType.BF16, t.DType));
    }

    [Fact]
    public void Public_presets_describe_the_published_checkpoints_without_writing_them()
    {
        long Parameters(ModelConfig config) => HuggingFaceTensorLayout.For(config).Sum(t => t.ElementCount);

        Assert.Equal(149_655_232, Parameters(ModernBertConfig.Base()));
        Assert.Equal(395_881_664, Parameters(ModernBertConfig.Large()));
        Assert.Equal(1_176_764_416, Parameters(OlmoConfig.Olmo1B()));
        Assert.Equal(6_888_095_744, Parameters(OlmoConfig.Olmo7B()));
    }

    [Theory]
    [InlineData("--arch", "llama", "--seed", "1")]
    [InlineData("--preset", "olmo-1b", "--arch", "modernbert", "--seed", "1")]
    [InlineData("--preset", "gpt-2", "--seed", "1")]
    [InlineData("--arch", "modernbert", "--hidden", "16", "--layers", "2", "--heads", "2", "--intermediate", "8", "--vocab", "40", "--untied", "--seed", "1")]
    [InlineData("--arch", "llama", "--hidden", "16", "--layers", "2", "--heads", "4", "--kv-heads", "3", "--intermediate", "8", "--vocab", "40", "--seed", "1")]
    [InlineData("--arch", "olmo", "--hidden", "16", "--layers", "2", "--heads", "4", "--intermediate", "8", "--vocab", "40", "--seed", "1", "--max-shard-size", "lots")]
    public void Random_command_rejects_bad_options_with_one_line_and_exit_code_1(params string[] options)
    {
        using var folder = new TemporaryFolder();

        var result = TrainCli.Run(new[] { "random" }.Concat(options).Concat(new[] { "--output", folder.File("out") }).ToArray());

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(folder.File("out")));
    }

    [Fact]
    public void Random_modernbert_with_a_small_vocabulary_moves_special_ids_into_range_and_loads()
    {
        using var folder = new TemporaryFolder();

        var result = TrainCli.Run("random", "--arch", "modernbert", "--hidden", "16", "--layers", "4", "--heads", "2",
            "--intermediate", "24", "--vocab", "64", "--local-attention", "8", "--seed", "3", "--output", folder.Path);

        Assert.Equal(0, result.ExitCode);
        using var model = HuggingFaceFolder.Load<ModernBertForMaskedLM>(folder.Path);
        Assert.Equal(63, model.Config.PadTokenId);
        Assert.Equal(8, model.Config.LocalAttention);
    }
}
