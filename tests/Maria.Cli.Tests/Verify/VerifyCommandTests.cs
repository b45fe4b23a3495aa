using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Verify;

/// <summary>A damaged package makes `maria verify` exit 1 with one FAIL line that names the file.</summary>
public sealed class VerifyCommandTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public VerifyCommandTests() => HandMadePackage.Write(folder.Path);

    public void Dispose() => folder.Dispose();

    private string SingleFailLine()
    {
        var (exitCode, stdout, stderr) = RunMaria("verify", "--model", folder.Path);
        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Assert.Contains("FAILED", stderr);
        return Assert.Single(Lines(stderr), line => line.StartsWith("FAIL ", StringComparison.Ordinal));
    }

    [Fact]
    public void One_changed_byte_in_the_decoder_fails_naming_decoder_onnx()
    {
        HandMadePackage.FlipOneByte(folder.File("decoder.onnx"));

        string line = SingleFailLine();

        Assert.StartsWith("FAIL files: ", line);
        Assert.Contains("decoder.onnx: sha256", line);
    }

    [Fact]
    public void A_missing_file_fails_naming_it()
    {
        File.Delete(folder.File("encoder.onnx"));

        Assert.Contains("package file 'encoder.onnx' is missing", SingleFailLine());
    }

    [Fact]
    public void A_bad_manifest_version_fails_naming_the_manifest()
    {
        HandMadePackage.SetFormatVersion(folder.Path, 3);

        string line = SingleFailLine();

        Assert.StartsWith("FAIL manifest: ", line);
        Assert.Contains("maria.json: package format version 3 is not supported", line);
    }

    [Fact]
    public void Intact_files_are_reported_as_passing_before_the_first_failure()
    {
        var (exitCode, _, stderr) = RunMaria("verify", "--model", folder.Path);

        Assert.Equal(1, exitCode);
        Assert.Contains(Lines(stderr), line => line.StartsWith("PASS files: 3 files", StringComparison.Ordinal));
        Assert.Contains(Lines(stderr), line => line.StartsWith("FAIL encoder-contract: encoder.onnx: ONNX Runtime cannot load it", StringComparison.Ordinal));
    }
}
