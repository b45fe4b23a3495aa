using Maria.Export.Head;
using Maria.Runtime.Packaging;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Shipped;

/// <summary>
/// models/maria-tiny's trained head exists only inside its int8 decoder (the head file was never committed):
/// re-exporting the package from the shipped backbones with --head-from must reproduce it bit for bit.
/// </summary>
public sealed class ShippedHeadRecoveryTests
{
    private static string Models => Path.Combine(RepositoryFiles.Root, "models");

    [Fact]
    public void Re_exporting_the_shipped_package_with_its_own_head_at_int8_reproduces_its_head_initialisers()
    {
        using var folder = new TemporaryFolder();
        string shipped = Path.Combine(Models, "maria-tiny");
        string output = folder.File("maria-tiny");

        var (code, _, stderr) = RunMaria("export", "--mlm", Path.Combine(Models, "modernbert-tiny"), "--ar", Path.Combine(Models, "olmo-tiny"),
            "--head-from", shipped, "--weights", "int8", "--output", output);

        Assert.True(code == 0, stderr);
        HeadInitializers.AssertIdentical(Path.Combine(shipped, "decoder.onnx"), Path.Combine(output, "decoder.onnx"));
        var original = PackageManifestReader.Read(shipped);
        var manifest = PackageManifestReader.Read(output);
        // The shipped decoder was exported from these very backbones, so the whole file comes out the same.
        Assert.Equal(original.Files["decoder.onnx"], manifest.Files["decoder.onnx"]);
        Assert.Equal((HeadManifest.Trained, original.Head.Source), (manifest.Head.Kind, manifest.Head.Source));
        var facts = manifest.Head.Training!.ToDictionary();
        Assert.Equal(original.Files["decoder.onnx"].Sha256, facts[PackageHeadReader.RecoveredFromKey]);
        Assert.Equal("int8", facts[PackageHeadReader.RecoveredWeightsKey]);
        // Everything else is carried over (the shipped package was itself re-exported this way once, so its own
        // recovery keys name the decoder before that).
        string[] recovery = [PackageHeadReader.RecoveredFromKey, PackageHeadReader.RecoveredWeightsKey];
        Assert.Equal(original.Head.Training!.Where(f => !recovery.Contains(f.Key)).OrderBy(f => f.Key, StringComparer.Ordinal),
            facts.Where(f => !recovery.Contains(f.Key)).OrderBy(f => f.Key, StringComparer.Ordinal));
    }
}
