using System.Text.Json.Nodes;
using Maria.Export.Head;
using Maria.Runtime.Packaging;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Export;

public sealed class ExportCommandTests : IDisposable
{
    private readonly TinyPackageSources sources = new();

    public void Dispose() => sources.Dispose();

    private CliResult Export(params string[] extra) =>
        RunMaria(["export", "--mlm", sources.MaskedModel, "--ar", sources.CausalModel, "--output", sources.Output, .. extra]);

    private static void AssertOneLineError(CliResult result, string expected)
    {
        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(Lines(result.Stderr), line => line.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Export_writes_a_package_that_verify_passes_and_reports_progress_on_stderr()
    {
        var export = Export("--weights", "fp16", "--context", "48");

        Assert.Equal(0, export.ExitCode);
        Assert.Equal("", export.Stdout);
        Assert.Contains("building encoder.onnx (ModernBertForMaskedLM)", export.Stderr);
        Assert.Contains("building decoder.onnx (OlmoForCausalLM)", export.Stderr);
        Assert.Contains("head: product of experts", export.Stderr);
        var manifest = PackageManifestReader.Read(sources.Output);
        Assert.Equal(("fp16", 48, 49), (manifest.Decoder.Weights, manifest.Decoder.ContextLength, manifest.Encoder.ContextLength));

        var verify = RunMaria("verify", "--model", sources.Output);

        Assert.Equal(0, verify.ExitCode);
        Assert.Equal(["PASS manifest", "PASS files", "PASS encoder-contract", "PASS decoder-contract", "PASS finite", "PASS kv-cache", "PASS infill"],
            Lines(verify.Stderr).Where(l => l.StartsWith("PASS", StringComparison.Ordinal) || l.StartsWith("FAIL", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(':')]));
        Assert.Contains("all 7 checks passed", verify.Stderr);
    }

    [Fact]
    public void Inspect_summarises_a_package_from_its_manifest()
    {
        Assert.Equal(0, Export().ExitCode);

        var inspect = RunMaria("inspect", sources.Output);

        Assert.Equal(0, inspect.ExitCode);
        Assert.Contains("MARIA package", inspect.Stdout);
        Assert.Contains("ModernBertForMaskedLM + OlmoForCausalLM", inspect.Stdout);
        Assert.Contains("product_of_experts, [264, 64]", inspect.Stdout);
        Assert.Contains("tokenizer.json: shared ids 0..263", inspect.Stdout);
        Assert.Contains("cls 265, sep 266, mask 268, pad 267, bos 263, eos 263", inspect.Stdout);
        long decoderBytes = new FileInfo(Path.Combine(sources.Output, "decoder.onnx")).Length;
        Assert.Contains($"decoder.onnx ({decoderBytes:N0} bytes, sha256 ", inspect.Stdout);
    }

    [Fact]
    public void Int4_weights_export_a_package_that_verify_passes_and_inspect_shows_format_and_block_size()
    {
        // The default tiny ModernBERT has intermediate size 48, which blocks of 32 do not divide; this one has 64.
        string masked = Path.Combine(sources.Root, "modernbert-64");
        TinyCheckpoint.WriteModernBert(masked, TinyCheckpoint.ModernBert() with { IntermediateSize = 64 });

        var export = RunMaria("export", "--mlm", masked, "--ar", sources.CausalModel, "--output", sources.Output, "--weights", "int4", "--zero-points");

        Assert.Equal(0, export.ExitCode);
        var manifest = PackageManifestReader.Read(sources.Output);
        Assert.Equal(("int4-block32-zp", "int4-block32-zp"), (manifest.Encoder.Weights, manifest.Decoder.Weights));
        Assert.Equal(0, RunMaria("verify", "--model", sources.Output).ExitCode);
        var inspect = RunMaria("inspect", sources.Output);
        Assert.Contains("weights int4-block32-zp (MatMulNBits int4, block 32, zero points)", inspect.Stdout);
    }

    [Fact]
    public void An_int4_block_size_that_does_not_divide_a_layer_is_refused_naming_the_layer()
    {
        // The tiny ModernBERT's MLP output layer reads the GeGLU's 48 values: 32 does not divide 48.
        var result = Export("--weights", "int4", "--block-size", "32");

        AssertOneLineError(result, "--block-size 32 does not divide the input dimension 48 of layer '/model/layers.0/mlp/Wo'");
        Assert.False(Directory.Exists(sources.Output));
        Assert.Empty(Directory.GetDirectories(sources.Root, ".package.partial-*"));
    }

    [Fact]
    public void Int4_block_sizes_other_than_32_64_or_128_and_int4_options_without_int4_are_refused()
    {
        AssertOneLineError(Export("--weights", "int4", "--block-size", "256"), "--block-size 256 is not supported for int4; use 32, 64 or 128");
        AssertOneLineError(Export("--weights", "int4", "--block-size", "48"), "--block-size 48 is not supported for int4; use 32, 64 or 128");
        AssertOneLineError(Export("--weights", "int8", "--zero-points"), "--block-size and --zero-points apply to --weights int4 only");
        Assert.False(Directory.Exists(sources.Output));
    }

    [Fact]
    public void Int8_weights_export_a_package_whose_manifest_says_int8()
    {
        Assert.Equal(0, Export("--weights", "int8").ExitCode);

        var manifest = PackageManifestReader.Read(sources.Output);
        Assert.Equal(("int8", "int8"), (manifest.Encoder.Weights, manifest.Decoder.Weights));
    }

    [Fact]
    public void A_missing_checkpoint_folder_is_refused_in_one_line()
    {
        var result = RunMaria("export", "--mlm", Path.Combine(sources.Root, "nowhere"), "--ar", sources.CausalModel, "--output", sources.Output);

        AssertOneLineError(result, "nowhere' does not exist");
    }

    [Fact]
    public void A_missing_tokenizer_is_refused_naming_the_folder()
    {
        File.Delete(Path.Combine(sources.CausalModel, "tokenizer.json"));

        AssertOneLineError(Export(), $"'{sources.CausalModel}' has no tokenizer.json");
    }

    [Fact]
    public void A_masked_model_given_as_the_causal_model_is_refused()
    {
        var result = RunMaria("export", "--mlm", sources.MaskedModel, "--ar", sources.MaskedModel, "--output", sources.Output);

        AssertOneLineError(result, "is not a causal LM");
    }

    [Fact]
    public void Incompatible_tokenizers_are_refused_naming_the_first_disagreement()
    {
        var tokenizer = TinyTokenizerPair.Masked();
        var merges = tokenizer["model"]!["merges"]!.AsArray();
        (merges[3], merges[4]) = (JsonValue.Create("Ġ a"), JsonValue.Create("a n"));
        File.WriteAllText(Path.Combine(sources.MaskedModel, "tokenizer.json"), tokenizer.ToJsonString());

        AssertOneLineError(Export(), "tokenizers disagree at merge 3");
        Assert.False(Directory.Exists(sources.Output));
    }

    [Fact]
    public void A_weight_shape_that_contradicts_the_config_is_refused()
    {
        string configPath = Path.Combine(sources.MaskedModel, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["hidden_size"] = 64;
        config["num_attention_heads"] = 4;
        File.WriteAllText(configPath, config.ToJsonString());

        AssertOneLineError(Export(), "model.safetensors");
        Assert.False(Directory.Exists(sources.Output));
    }

    [Fact]
    public void Head_from_re_exports_a_packages_head_and_save_head_keeps_it_as_a_head_file()
    {
        string head = sources.WriteHead(new Dictionary<string, string> { ["steps"] = "100" });
        Assert.Equal(0, Export("--weights", "int8", "--head", head).ExitCode);
        string again = Path.Combine(sources.Root, "again");
        string saved = Path.Combine(sources.Root, "recovered.safetensors");

        var result = RunMaria("export", "--mlm", sources.MaskedModel, "--ar", sources.CausalModel, "--head-from", sources.Output,
            "--save-head", saved, "--output", again, "--weights", "int8");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"head: trained [{TinyTokenizerPair.SharedSize}, 32 + 32] recovered from int8 weights", result.Stderr);
        HeadInitializers.AssertIdentical(Path.Combine(sources.Output, "decoder.onnx"), Path.Combine(again, "decoder.onnx"));
        var original = PackageManifestReader.Read(sources.Output);
        var manifest = PackageManifestReader.Read(again);
        Assert.Equal(original.Head.Source, manifest.Head.Source);
        Assert.Equal("100", manifest.Head.Training!["steps"]);
        Assert.Equal(original.Files["decoder.onnx"].Sha256, manifest.Head.Training[PackageHeadReader.RecoveredFromKey]);
        using var recovered = PackageHeadReader.Read(sources.Output);
        using var file = MariaHead.FromSafetensors(saved, TinyTokenizerPair.SharedSize, 32, 32);
        Assert.Equal(recovered.ReadWeights().Weight, file.ReadWeights().Weight);
        Assert.Equal("int8", file.Training![PackageHeadReader.RecoveredWeightsKey]);
    }

    [Fact]
    public void Head_and_head_from_together_are_refused_in_one_line()
    {
        string head = sources.WriteHead(new Dictionary<string, string>());

        AssertOneLineError(Export("--head", head, "--head-from", sources.Root), "both give a head; pass one: --head FILE for a head file, --head-from PACKAGE");
        Assert.False(Directory.Exists(sources.Output));
    }

    [Fact]
    public void Head_from_a_folder_without_a_manifest_is_refused_in_one_line()
    {
        AssertOneLineError(Export("--head-from", sources.CausalModel), $"--head-from '{sources.CausalModel}' is not a MARIA package (no maria.json)");
        Assert.False(Directory.Exists(sources.Output));
    }

    [Fact]
    public void Head_from_a_package_of_other_hidden_sizes_is_refused_naming_both_shapes()
    {
        Assert.Equal(0, Export().ExitCode);
        TinyCheckpoint.WriteOlmo(sources.CausalModel, TinyCheckpoint.Olmo() with { HiddenSize = 48, NumAttentionHeads = 3, NumKeyValueHeads = 3 });
        string again = Path.Combine(sources.Root, "again");

        var result = RunMaria("export", "--mlm", sources.MaskedModel, "--ar", sources.CausalModel, "--head-from", sources.Output, "--output", again);

        AssertOneLineError(result, $"its head is [{TinyTokenizerPair.SharedSize}, 32 + 32] but this export needs [V_s, d_ar + d_mlm] = [{TinyTokenizerPair.SharedSize}, 48 + 32]");
        Assert.False(Directory.Exists(again));
    }
}
