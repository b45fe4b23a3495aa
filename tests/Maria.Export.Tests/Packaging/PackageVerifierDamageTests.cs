using Maria.Export.Packaging;
using Maria.Export.Tests.Checkpoints;

namespace Maria.Export.Tests.Packaging;

/// <summary>Damage is caught before any graph runs, and named: the manifest, a missing file, a changed byte.</summary>
public sealed class PackageVerifierDamageTests
{
    private static VerificationCheck LastCheck(string directory, out IReadOnlyList<VerificationCheck> checks)
    {
        checks = PackageVerifier.Verify(directory);
        return checks[^1];
    }

    [Fact]
    public void A_changed_byte_in_the_decoder_fails_the_file_check_naming_the_decoder()
    {
        using var folder = new TemporaryFolder();
        HandMadePackage.Write(folder.Path);
        HandMadePackage.FlipOneByte(folder.File("decoder.onnx"));

        var last = LastCheck(folder.Path, out var checks);

        Assert.Equal(["manifest", "files"], checks.Select(c => c.Name));
        Assert.False(last.Passed);
        Assert.Contains("decoder.onnx: sha256", last.Detail);
        Assert.DoesNotContain('\n', last.Detail);
    }

    [Fact]
    public void A_missing_file_fails_the_file_check_naming_the_file()
    {
        using var folder = new TemporaryFolder();
        HandMadePackage.Write(folder.Path);
        File.Delete(folder.File("tokenizer.json"));

        var last = LastCheck(folder.Path, out _);

        Assert.Equal("files", last.Name);
        Assert.False(last.Passed);
        Assert.Contains("'tokenizer.json' is missing", last.Detail);
    }

    [Fact]
    public void A_truncated_file_fails_on_its_size()
    {
        using var folder = new TemporaryFolder();
        HandMadePackage.Write(folder.Path);
        var bytes = File.ReadAllBytes(folder.File("encoder.onnx"));
        File.WriteAllBytes(folder.File("encoder.onnx"), bytes[..1000]);

        var last = LastCheck(folder.Path, out _);

        Assert.False(last.Passed);
        Assert.Contains("encoder.onnx: size 1000 bytes, the manifest says 4096", last.Detail);
    }

    [Fact]
    public void A_manifest_of_another_format_version_fails_the_manifest_check()
    {
        using var folder = new TemporaryFolder();
        HandMadePackage.Write(folder.Path);
        HandMadePackage.SetFormatVersion(folder.Path, 99);

        var last = LastCheck(folder.Path, out var checks);

        Assert.Single(checks);
        Assert.Equal("manifest", last.Name);
        Assert.False(last.Passed);
        Assert.Contains("maria.json: package format version 99 is not supported", last.Detail);
    }

    [Fact]
    public void A_folder_without_a_manifest_is_not_a_package()
    {
        using var folder = new TemporaryFolder();

        var last = LastCheck(folder.Path, out _);

        Assert.False(last.Passed);
        Assert.Contains("not a MARIA package (no maria.json)", last.Detail);
    }

    [Fact]
    public void Intact_files_pass_the_file_check_and_an_unloadable_graph_fails_its_contract_check_by_name()
    {
        using var folder = new TemporaryFolder();
        HandMadePackage.Write(folder.Path);

        var checks = PackageVerifier.Verify(folder.Path);

        Assert.True(checks.Single(c => c.Name == "files").Passed);
        var encoder = checks.Single(c => c.Name == "encoder-contract");
        Assert.False(encoder.Passed);
        Assert.StartsWith("encoder.onnx: ONNX Runtime cannot load it", encoder.Detail);
        Assert.DoesNotContain(checks, c => c.Name == "kv-cache");
    }
}
