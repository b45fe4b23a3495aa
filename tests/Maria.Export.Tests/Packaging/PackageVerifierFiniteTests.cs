using Maria.Export.Packaging;

namespace Maria.Export.Tests.Packaging;

/// <summary>
/// NaN weights pass the hash and contract checks (the manifest records the damaged file's own hash), so verify runs
/// both graphs and requires finite outputs, naming the graph, the output and the first bad position.
/// </summary>
public sealed class PackageVerifierFiniteTests
{
    [Fact]
    public void A_sound_package_passes_and_reports_its_largest_logit()
    {
        using var sources = new TinyPackageSources();
        PackageExporter.Export(new PackageExportOptions(sources.MaskedModel, sources.CausalModel, sources.Output));

        var finite = PackageVerifier.Verify(sources.Output).Single(c => c.Name == "finite");

        Assert.True(finite.Passed, finite.Detail);
        Assert.Contains("finite at every position", finite.Detail, StringComparison.Ordinal);
        Assert.Contains("largest |logit|", finite.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void NaN_weights_in_the_causal_model_fail_the_finite_check_naming_the_decoder_and_stop_verification()
    {
        using var sources = new TinyPackageSources();
        TinyCheckpoint.Damage(sources.CausalModel, "model.layers.0.self_attn.o_proj.weight", [5], float.NaN);
        PackageExporter.Export(new PackageExportOptions(sources.MaskedModel, sources.CausalModel, sources.Output));

        var checks = PackageVerifier.Verify(sources.Output);

        Assert.Equal(["manifest", "files", "encoder-contract", "decoder-contract", "finite"], checks.Select(c => c.Name));
        var finite = checks[^1];
        Assert.False(finite.Passed);
        Assert.StartsWith("decoder.onnx: ar_logits is not finite in ", finite.Detail, StringComparison.Ordinal);
        Assert.Contains("(the first NaN at position 0, index ", finite.Detail, StringComparison.Ordinal);
        Assert.EndsWith("export the package again from sound checkpoints", finite.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', finite.Detail);
    }

    [Fact]
    public void An_infinite_weight_in_the_masked_model_fails_the_finite_check_naming_the_encoder()
    {
        using var sources = new TinyPackageSources();
        TinyCheckpoint.Damage(sources.MaskedModel, "model.layers.0.attn.Wo.weight", [0, 1, 2], float.PositiveInfinity);
        PackageExporter.Export(new PackageExportOptions(sources.MaskedModel, sources.CausalModel, sources.Output));

        var finite = PackageVerifier.Verify(sources.Output)[^1];

        Assert.Equal("finite", finite.Name);
        Assert.False(finite.Passed);
        Assert.StartsWith("encoder.onnx: mlm_hidden is not finite in ", finite.Detail, StringComparison.Ordinal);
    }
}
