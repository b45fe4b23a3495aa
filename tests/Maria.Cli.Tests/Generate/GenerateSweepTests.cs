using System.Text.Json.Nodes;
using Maria.Cli.Tests.Infill;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Generate;

/// <summary>The Figure 5 sweep of `maria generate`: table, JSON report and plot shapes, scored by the package itself.</summary>
[Collection(InfillPackageCollection.Name)]
public sealed class GenerateSweepTests(InfillPackageFixture fixture)
{
    [Fact]
    public void The_json_report_has_greedy_and_t1_baselines_and_one_row_per_iteration_count()
    {
        var (code, stdout, stderr) = RunMaria("generate", "--model", fixture.Package, "--length", "8", "--iterations", "2,1", "--samples", "2",
            "--seed", "3", "--scorer", fixture.Package, "--json");
        Assert.True(code == 0, stderr);
        var report = JsonNode.Parse(stdout)!.AsObject();
        var rows = report["rows"]!.AsArray();
        Assert.Equal(["ar-greedy", "ar-t1", "anneal", "anneal"], rows.Select(r => r!["method"]!.GetValue<string>()));
        Assert.Equal([null, 0, 1, 2], rows.Select(r => r!["iterations"]?.GetValue<int>()));
        foreach (var row in rows)
        {
            Assert.Equal(2, row!["samples"]!.GetValue<int>());
            Assert.True(row["seconds_per_sample"]!.GetValue<double>() > 0);
            // Scored by the generator's own package: scorer and own perplexities are the same numbers.
            Assert.Equal(row["ar_perplexity_mean"]!.GetValue<double>(), row["scorer_perplexity_mean"]!.GetValue<double>(), 3);
            Assert.Equal(row["ar_perplexity_pooled"]!.GetValue<double>(), row["scorer_perplexity_pooled"]!.GetValue<double>(), 3);
            // The pooled perplexity is a geometric mean of equal-length samples: never above the arithmetic one.
            Assert.True(row["scorer_perplexity_pooled"]!.GetValue<double>() <= row["scorer_perplexity_mean"]!.GetValue<double>() + 1e-3);
        }
        var samples = report["samples"]!.AsArray();
        Assert.Equal(8, samples.Count);
        Assert.Equal([3UL, 4UL], samples.Where(s => s!["iterations"]?.GetValue<int>() == 1).Select(s => s!["seed"]!.GetValue<ulong>()));
        Assert.Equal(8, report["settings"]!["length"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(report["machine"]!.GetValue<string>()));
    }

    [Fact]
    public void The_row_means_are_the_means_of_the_samples_they_summarise()
    {
        var (code, stdout, stderr) = RunMaria("generate", "--model", fixture.Package, "--length", "8", "--iterations", "0,3", "--samples", "3", "--scorer", fixture.Package, "--json");
        Assert.True(code == 0, stderr);
        var report = JsonNode.Parse(stdout)!.AsObject();
        var annealed = report["samples"]!.AsArray().Where(s => s!["iterations"]?.GetValue<int>() == 3).ToList();
        var row = report["rows"]!.AsArray().Single(r => r!["iterations"]?.GetValue<int>() == 3)!;
        Assert.Equal(annealed.Average(s => s!["scorer_perplexity"]!.GetValue<double>()), row["scorer_perplexity_mean"]!.GetValue<double>(), 2);
        double pooledNll = -annealed.Sum(s => s!["scorer_log_likelihood"]!.GetValue<double>()) / (3 * 8);
        Assert.Equal(Math.Exp(pooledNll), row["scorer_perplexity_pooled"]!.GetValue<double>(), 2);
        Assert.Equal(annealed.Average(s => s!["seconds"]!.GetValue<double>()), row["seconds_per_sample"]!.GetValue<double>(), 4);
    }

    [Fact]
    public void The_table_report_file_and_plot_are_written_together()
    {
        string report = fixture.File("sweep-" + Guid.NewGuid().ToString("N") + ".json");
        string plot = fixture.File("sweep-" + Guid.NewGuid().ToString("N") + ".png");
        var (code, stdout, stderr) = RunMaria("generate", "--model", fixture.Package, "--length", "6", "--iterations", "0,1,2", "--samples", "1",
            "--scorer", fixture.Package, "--report", report, "--plot", plot);
        Assert.True(code == 0, stderr);
        var lines = Lines(stdout);
        Assert.StartsWith("method", lines[0], StringComparison.Ordinal);
        Assert.Contains("scorer ppl mean", lines[0], StringComparison.Ordinal);
        Assert.Equal(["ar-greedy", "ar-t1", "anneal", "anneal"], lines.Skip(1).Select(l => l.Split(' ')[0]));
        Assert.Equal(4, JsonNode.Parse(File.ReadAllText(report))!["rows"]!.AsArray().Count);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(plot)[..4]);
        Assert.False(File.Exists(report + ".partial"));
    }
}
