using static Maria.Cli.Tests.Export.CliRun;

namespace Maria.Cli.Tests.Shipped;

/// <summary>The models committed under models/: readable backbones, a package that verifies, the README's first command.</summary>
public sealed class ShippedModelTests
{
    private static string Models => Path.Combine(RepositoryRoot(), "models");

    [Theory]
    [InlineData("olmo-tiny", "OlmoForCausalLM", "model.layers.0.self_attn.q_proj.weight")]
    [InlineData("modernbert-tiny", "ModernBertForMaskedLM", "model.layers.0.attn.Wqkv.weight")]
    public void Inspect_reads_each_shipped_backbone_with_public_tensor_names(string folder, string architecture, string tensor)
    {
        var (code, stdout, stderr) = RunMaria("inspect", Path.Combine(Models, folder));
        Assert.True(code == 0, stderr);
        Assert.Contains(architecture, stdout, StringComparison.Ordinal);
        Assert.Contains(tensor, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_package_passes_verify()
    {
        var (code, _, stderr) = RunMaria("verify", "--model", Path.Combine(Models, "maria-tiny"));
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("FAIL", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_infill_command_fills_three_masks_with_the_default_model()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        string command = readme.Split('\n').First(l => l.StartsWith("dotnet run --project tools/Maria.Cli -- infill ", StringComparison.Ordinal));
        string text = command.Split("infill ", 2)[1].Trim().Trim('"');
        Assert.Equal(3, text.Split("[MASK]").Length - 1);

        var (code, stdout, stderr) = RunMaria("infill", text);
        Assert.True(code == 0, stderr);
        string output = Lines(stdout).Single();
        Assert.DoesNotContain("[MASK]", output, StringComparison.Ordinal);
        Assert.StartsWith(text.Split("[MASK]")[0].TrimEnd(), output, StringComparison.Ordinal);
    }

    private static string RepositoryRoot() => Maria.Tests.Shared.RepositoryFiles.Root;
}
