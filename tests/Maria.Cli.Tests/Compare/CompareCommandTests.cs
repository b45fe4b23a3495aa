using System.Globalization;
using System.Text.Json.Nodes;
using Maria.Cli.Tests.Infill;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Compare;

/// <summary>`maria compare`: the accuracy cost of one package against another on identical windows and masks.</summary>
[Collection(InfillPackageCollection.Name)]
public sealed class CompareCommandTests(InfillPackageFixture fixture)
{
    private const string Address = "The state of the Union is strong, and the people of the Union are strong. "
        + "We meet again in this chamber to report on the state of the Union and the work of the Congress.";

    [Fact]
    public void A_package_compared_with_itself_has_no_difference_and_equal_perplexities()
    {
        var (code, stdout, stderr) = RunMaria("compare", "--reference", fixture.Package, "--candidate", fixture.Package,
            "--data", DataFile(), "--windows", "2", "--length", "16");
        Assert.True(code == 0, stderr);
        var values = Lines(stdout).ToDictionary(l => l[..24].Trim(), l => double.Parse(l[24..], CultureInfo.InvariantCulture));
        Assert.Equal(16, values["masked tokens"]);
        Assert.Equal(0, values["mean |log p difference|"]);
        Assert.Equal(values["reference perplexity"], values["candidate perplexity"]);
        Assert.True(values["reference perplexity"] > 1);
    }

    [Fact]
    public void Batch_sizes_1_and_8_print_the_same_figures()
    {
        string[] args = ["compare", "--reference", fixture.Package, "--candidate", fixture.Package, "--data", DataFile(),
            "--windows", "10", "--length", "8"];
        var one = RunMaria([.. args, "--batch-size", "1"]);
        var eight = RunMaria([.. args, "--batch-size", "8"]);
        Assert.True(one.ExitCode == 0 && eight.ExitCode == 0, one.Stderr + eight.Stderr);
        Assert.Equal(one.Stdout, eight.Stdout);
        // Two groups at batch 8 (8 windows, then 2), ten at batch 1.
        Assert.Equal(2, Lines(eight.Stderr).Count(l => l.StartsWith("compare: windows", StringComparison.Ordinal)));
        Assert.Equal(10, Lines(one.Stderr).Count(l => l.StartsWith("compare: windows", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_batch_size_of_0_exits_1_with_one_line_naming_the_option()
    {
        var (code, _, stderr) = RunMaria("compare", "--reference", fixture.Package, "--candidate", fixture.Package,
            "--data", DataFile(), "--batch-size", "0");
        Assert.Equal(1, code);
        Assert.Contains("--batch-size 0", Assert.Single(Lines(stderr)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_mask_rate_outside_zero_one_exits_1_with_one_line()
    {
        var (code, _, stderr) = RunMaria("compare", "--reference", fixture.Package, "--candidate", fixture.Package,
            "--data", DataFile(), "--mask-rate", "1");
        Assert.Equal(1, code);
        Assert.Single(Lines(stderr));
    }

    private string DataFile()
    {
        string path = fixture.File("compare-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, 3).Select(_ => new JsonObject { ["text"] = Address }.ToJsonString()));
        return path;
    }
}
