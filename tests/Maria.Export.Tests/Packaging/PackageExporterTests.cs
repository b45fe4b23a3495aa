using System.Text.Json.Nodes;
using Maria.Export.Compatibility;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Packaging;
using Maria.Export.Tests.Compatibility;
using Maria.Runtime;
using Maria.Runtime.Packaging;

namespace Maria.Export.Tests.Packaging;

/// <summary>Exports tiny random ModernBERT + OLMo checkpoints and checks the package, its manifest, and the refusals.</summary>
public sealed class PackageExporterTests
{
    private static PackageManifest Export(TinyPackageSources sources, Func<PackageExportOptions, PackageExportOptions>? change = null)
    {
        var options = new PackageExportOptions(sources.MaskedModel, sources.CausalModel, sources.Output);
        return PackageExporter.Export(change is null ? options : change(options));
    }

    private static void AssertNothingLeftBehind(TinyPackageSources sources)
    {
        Assert.False(Directory.Exists(sources.Output), "a refused export must not create the output folder");
        Assert.Empty(Directory.GetDirectories(sources.Root, ".package.partial-*"));
    }

    [Fact]
    public void An_exported_tiny_package_passes_every_verification_check()
    {
        using var sources = new TinyPackageSources();
        Export(sources);

        var checks = PackageVerifier.Verify(sources.Output);

        Assert.Equal(["manifest", "files", "encoder-contract", "decoder-contract", "finite", "kv-cache", "infill"], checks.Select(c => c.Name));
        Assert.All(checks, check => Assert.True(check.Passed, $"{check.Name}: {check.Detail}"));
        Assert.Matches(@"max \|logits difference\| \S+ alone, \S+ batched", checks.Single(c => c.Name == "kv-cache").Detail);
    }

    [Fact]
    public void An_fp16_package_records_its_weights_and_passes_verification()
    {
        using var sources = new TinyPackageSources();
        var manifest = Export(sources, o => o with { Weights = WeightStorage.Float16 });

        Assert.Equal(("fp16", "fp16"), (manifest.Encoder.Weights, manifest.Decoder.Weights));
        Assert.All(PackageVerifier.Verify(sources.Output), check => Assert.True(check.Passed, $"{check.Name}: {check.Detail}"));
    }

    [Fact]
    public void An_int8_package_uses_MatMulNBits_passes_verification_and_is_smaller_than_fp32()
    {
        using var fp32 = new TinyPackageSources();
        Export(fp32);
        using var sources = new TinyPackageSources();
        var manifest = Export(sources, o => o with { Weights = WeightStorage.Int8 });

        Assert.Equal(("int8", "int8"), (manifest.Encoder.Weights, manifest.Decoder.Weights));
        var checks = PackageVerifier.Verify(sources.Output);
        Assert.Contains(checks, check => check.Name == "kv-cache");
        Assert.All(checks, check => Assert.True(check.Passed, $"{check.Name}: {check.Detail}"));
        foreach (string graph in new[] { "encoder.onnx", "decoder.onnx" })
        {
            var model = Maria.Export.Onnx.Proto.ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(sources.Output, graph)));
            Assert.Contains(model.Graph.Node, node => node.OpType == "MatMulNBits");
        }

        Assert.True(PackageBytes(sources.Output) < PackageBytes(fp32.Output),
            $"int8 package {PackageBytes(sources.Output)} bytes, fp32 {PackageBytes(fp32.Output)} bytes");
    }

    private static long PackageBytes(string directory) =>
        Directory.GetFiles(directory).Where(f => f.Contains(".onnx", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length);

    [Fact]
    public void The_manifest_records_vocabulary_contexts_head_sources_and_every_file()
    {
        using var sources = new TinyPackageSources();
        var manifest = Export(sources);

        Assert.Equal(PackageManifestReader.ToJson(manifest), PackageManifestReader.ToJson(PackageManifestReader.Read(sources.Output)));
        Assert.Equal(new SharedVocabulary(264, 265, 266, 267, 268, 263, 263).ToManifest("tokenizer.json"), manifest.Vocabulary);
        Assert.Equal((64, 65), (manifest.Decoder.ContextLength, manifest.Encoder.ContextLength));
        Assert.Equal((HeadManifest.ProductOfExperts, 64, 264), (manifest.Head.Kind, manifest.Head.InFeatures, manifest.Head.OutFeatures));
        Assert.Null(manifest.Head.Source);
        // Every file but the manifest itself (graphs may bring external data files beside them).
        Assert.Equal(Directory.GetFiles(sources.Output).Select(Path.GetFileName).Where(n => n != "maria.json").Order(StringComparer.Ordinal),
            manifest.Files.Keys.Order(StringComparer.Ordinal));
        Assert.Subset(manifest.Files.Keys.ToHashSet(), new HashSet<string> { "decoder.onnx", "encoder.onnx", "tokenizer.json" });
        foreach (var (name, entry) in manifest.Files)
        {
            string path = Path.Combine(sources.Output, name);
            Assert.Equal(new PackageFileEntry(new FileInfo(path).Length, PackageManifestReader.Sha256Of(path)), entry);
        }
        Assert.Equal(File.ReadAllBytes(Path.Combine(sources.MaskedModel, "tokenizer.json")), File.ReadAllBytes(Path.Combine(sources.Output, "tokenizer.json")));
        Assert.StartsWith("maria-export ", manifest.Provenance.Exporter);
        Assert.Equal(["config.json", "tokenizer.json", "model.safetensors"], manifest.Provenance.CausalModel.Select(f => f.Name));
        Assert.Equal(PackageManifestReader.Sha256Of(Path.Combine(sources.MaskedModel, "model.safetensors")),
            manifest.Provenance.MaskedModel.Single(f => f.Name == "model.safetensors").Sha256);
    }

    [Fact]
    public void A_trained_head_is_recorded_with_its_file_hash_and_training_facts()
    {
        using var sources = new TinyPackageSources();
        string head = sources.WriteHead(new Dictionary<string, string> { ["steps"] = "100", ["validation_loss"] = "3.25" });

        var manifest = Export(sources, o => o with { HeadPath = head });

        Assert.Equal(HeadManifest.Trained, manifest.Head.Kind);
        Assert.Equal(new SourceFile("head.safetensors", PackageManifestReader.Sha256Of(head)), manifest.Head.Source);
        Assert.Equal("3.25", manifest.Head.Training!["validation_loss"]);
        Assert.All(PackageVerifier.Verify(sources.Output), check => Assert.True(check.Passed, $"{check.Name}: {check.Detail}"));
    }

    [Fact]
    public void A_shorter_context_shortens_both_graphs_by_the_same_rule()
    {
        using var sources = new TinyPackageSources();

        var manifest = Export(sources, o => o with { ContextLength = 40 });

        Assert.Equal((40, 41), (manifest.Decoder.ContextLength, manifest.Encoder.ContextLength));
    }

    [Fact]
    public void Incompatible_tokenizers_are_refused_before_anything_is_written()
    {
        using var sources = new TinyPackageSources();
        var tokenizer = TinyTokenizerPair.Masked();
        var vocab = tokenizer["model"]!["vocab"]!.AsObject();
        (vocab["an"], vocab["nd"]) = (261, 259);
        File.WriteAllText(Path.Combine(sources.MaskedModel, "tokenizer.json"), tokenizer.ToJsonString());

        var e = Assert.Throws<TokenizerIncompatibleException>(() => Export(sources));

        Assert.Contains("id 259", e.Message);
        AssertNothingLeftBehind(sources);
    }

    [Fact]
    public void A_tensor_shape_contradicting_the_config_is_refused_and_leaves_no_partial_package()
    {
        using var sources = new TinyPackageSources();
        // The config says 3 layers' worth of hidden 32, the weights are hidden 32 but the config now claims 48.
        string configPath = Path.Combine(sources.CausalModel, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["intermediate_size"] = 96;
        File.WriteAllText(configPath, config.ToJsonString());

        var e = Assert.ThrowsAny<MariaInputException>(() => Export(sources));

        Assert.Contains("mlp", e.Message);
        AssertNothingLeftBehind(sources);
    }

    [Fact]
    public void A_checkpoint_of_an_unknown_architecture_is_refused_by_name()
    {
        using var sources = new TinyPackageSources();
        string configPath = Path.Combine(sources.CausalModel, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["architectures"] = new JsonArray("GPT2LMHeadModel");
        config["model_type"] = "gpt2";
        File.WriteAllText(configPath, config.ToJsonString());

        var e = Assert.ThrowsAny<MariaInputException>(() => Export(sources));

        Assert.Contains("GPT2LMHeadModel", e.Message);
        AssertNothingLeftBehind(sources);
    }

    [Fact]
    public void A_non_empty_output_folder_is_refused_unless_overwriting()
    {
        using var sources = new TinyPackageSources();
        Directory.CreateDirectory(sources.Output);
        File.WriteAllText(Path.Combine(sources.Output, "keep.txt"), "mine");

        var e = Assert.Throws<MariaInputException>(() => Export(sources));
        Assert.Contains("already exists and is not empty", e.Message);
        Assert.True(File.Exists(Path.Combine(sources.Output, "keep.txt")));

        Export(sources, o => o with { Overwrite = true });
        Assert.False(File.Exists(Path.Combine(sources.Output, "keep.txt")));
        Assert.True(PackageManifestReader.IsPackage(sources.Output));
        Assert.Empty(Directory.GetDirectories(sources.Root, ".package.*"));
    }
}
