using System.Text.Json.Nodes;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Blanks;

/// <summary>`maria eval-blanks` on a few validation windows: one row per kind and proposer, the JSON, refusals.</summary>
public sealed class EvalBlanksCommandTests : IDisposable
{
    private readonly TemporaryFolder temporary = new();

    private string folder => temporary.Path;

    private static string Validation
    {
        get
        {
            string path = Path.Combine(RepositoryFiles.Root, "data", "sotu", "validation.jsonl");
            Assert.True(File.Exists(path), $"missing {path}: run tools/data/fetch-sotu.sh");
            return path;
        }
    }

    [Fact]
    public void A_few_windows_give_one_row_per_kind_and_proposer_with_rates_and_the_true_length()
    {
        string json = Path.Combine(folder, "blanks.json");
        var (code, stdout, stderr) = RunMaria("eval-blanks", "--data", Validation, "--windows", "3", "--window-words", "24",
            "--proposers", "maria,fixed-1,oracle-mask", "--max-blank-tokens", "2", "--json", json);
        Assert.True(code == 0, stderr);
        var rows = Lines(stdout).Where(l => l.StartsWith("| word |", StringComparison.Ordinal) || l.StartsWith("| phrase |", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, rows.Count);
        var report = JsonNode.Parse(File.ReadAllText(json))!;
        var entries = report["rows"]!.AsArray();
        Assert.Equal(6, entries.Count);
        foreach (var row in entries)
        {
            Assert.InRange(row!["blanks"]!.GetValue<int>(), 1, 3);
            Assert.InRange(row["exact_match"]!.GetValue<double>(), 0, 1);
            Assert.InRange(row["length_accuracy"]!.GetValue<double>(), 0, 1);
            Assert.True(row["mean_tokens_true"]!.GetValue<double>() >= 1);
        }
        // fixed-1 always chooses one token; the oracle always the true count.
        var fixedOne = entries.Where(r => r!["proposer"]!.GetValue<string>() == "fixed-1");
        Assert.All(fixedOne, r => Assert.Equal(1.0, r!["mean_tokens_chosen"]!.GetValue<double>()));
        var oracle = entries.Where(r => r!["proposer"]!.GetValue<string>() == "oracle-mask");
        Assert.All(oracle, r => Assert.Equal(1.0, r!["length_accuracy"]!.GetValue<double>()));
        Assert.Equal(2, report["max_blank_tokens"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("--proposers", "maria,guess", "unknown proposer 'guess'")]
    [InlineData("--kinds", "sentence", "unknown kind 'sentence'")]
    [InlineData("--max-blank-tokens", "0", "--max-blank-tokens 0")]
    [InlineData("--scoring", "average", "--scoring average")]
    [InlineData("--blank-first-tokens", "0", "--blank-first-tokens 0")]
    public void Bad_options_are_refused_with_one_line(string option, string value, string expected)
    {
        var (code, _, stderr) = RunMaria("eval-blanks", "--data", Validation, "--windows", "1", option, value);
        Assert.Equal(1, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    public void Dispose() => temporary.Dispose();
}
