using System.Text.Json.Nodes;
using Maria.Export.Packaging;
using Maria.Runtime.Packaging;

namespace Maria.Export.Tests.Packaging;

/// <summary>A manifest that describes graphs other than the ones in the package fails the contract checks, by name.</summary>
public sealed class PackageVerifierContractTests
{
    private static IReadOnlyList<VerificationCheck> VerifyWithEditedManifest(Action<JsonObject> edit)
    {
        using var sources = new TinyPackageSources();
        PackageExporter.Export(new PackageExportOptions(sources.MaskedModel, sources.CausalModel, sources.Output));
        string path = Path.Combine(sources.Output, PackageManifestReader.FileName);
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(root);
        File.WriteAllText(path, root.ToJsonString());
        return PackageVerifier.Verify(sources.Output);
    }

    [Fact]
    public void A_manifest_claiming_more_decoder_layers_fails_naming_the_missing_cache_input()
    {
        var checks = VerifyWithEditedManifest(root => root["decoder"]!["num_layers"] = 3);

        var decoder = checks.Single(c => c.Name == "decoder-contract");
        Assert.False(decoder.Passed);
        Assert.Contains("decoder.onnx: the graph has no input 'past_key_values.2.key'", decoder.Detail);
        Assert.DoesNotContain(checks, c => c.Name == "kv-cache");
    }

    [Fact]
    public void A_manifest_with_another_encoder_width_fails_naming_the_output_axis()
    {
        var checks = VerifyWithEditedManifest(root =>
        {
            root["encoder"]!["hidden_size"] = 48;
            root["head"]!["in_features"] = 80;
        });

        var encoder = checks.Single(c => c.Name == "encoder-contract");
        Assert.False(encoder.Passed);
        Assert.Contains("encoder.onnx: output 'mlm_hidden' axis 2 is 32, the manifest implies 48", encoder.Detail);
    }

    [Fact]
    public void A_manifest_name_list_that_omits_a_graph_input_fails()
    {
        var checks = VerifyWithEditedManifest(root => root["encoder"]!["inputs"]!.AsObject().Remove("logit_positions"));

        var encoder = checks.Single(c => c.Name == "encoder-contract");
        Assert.False(encoder.Passed);
        Assert.Contains("maria.json names no graph value for logit_positions of encoder.onnx", encoder.Detail);
    }

    [Fact]
    public void A_decoder_that_ignores_its_cache_fails_the_kv_cache_check_with_the_difference()
    {
        using var sources = new TinyPackageSources();
        var manifest = PackageExporter.Export(new PackageExportOptions(sources.MaskedModel, sources.CausalModel, sources.Output));
        string decoder = Path.Combine(sources.Output, "decoder.onnx");
        CacheIgnoringDecoder.Save(decoder, manifest);
        var files = new Dictionary<string, PackageFileEntry>(manifest.Files)
        {
            ["decoder.onnx"] = new PackageFileEntry(new FileInfo(decoder).Length, PackageManifestReader.Sha256Of(decoder)),
        };
        File.WriteAllText(Path.Combine(sources.Output, PackageManifestReader.FileName), PackageManifestReader.ToJson(manifest with { Files = files }));

        var checks = PackageVerifier.Verify(sources.Output);

        Assert.True(checks.Single(c => c.Name == "decoder-contract").Passed);
        var cache = checks.Single(c => c.Name == "kv-cache");
        Assert.False(cache.Passed);
        // Position 10 of the 11 tokens is position 0 of the last single step: the largest difference alone is 10.
        Assert.Contains("max |logits difference| 10 alone", cache.Detail);
        Assert.StartsWith("decoder.onnx: cached decoding differs from the full forward", cache.Detail);
    }
}
