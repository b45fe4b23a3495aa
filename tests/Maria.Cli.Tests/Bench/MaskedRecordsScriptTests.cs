using System.Diagnostics;
using System.Text.Json.Nodes;
using Maria.Runtime;
using Maria.Runtime.Tokenization;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Bench;

/// <summary>
/// tools/bench/masked-records.sh: N records of 512-token validation windows with a fraction RATE of their words
/// masked, cycling with fresh masks, reproducible from the seed. Runs the real script (bash, node) on the test's
/// own build of the CLI and data/sotu/validation.jsonl.
/// </summary>
public sealed class MaskedRecordsScriptTests : IDisposable
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

    private static string TokenizerPath => Path.Combine(RepositoryFiles.Root, "models", "maria-tiny", "tokenizer.json");

    [Fact]
    public void It_writes_N_records_with_RATE_of_each_windows_words_masked_cycling_with_fresh_masks()
    {
        var windows = Windows();
        int count = windows.Length + 3;
        var (code, stderr) = RunScript(count.ToString(), "0.4", "11", Path.Combine(folder, "records.jsonl"));
        Assert.True(code == 0, stderr);
        var records = File.ReadAllLines(Path.Combine(folder, "records.jsonl")).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();

        Assert.Equal(count, records.Length);
        Assert.Equal(count, records.Select(r => r["id"]!.GetValue<string>()).Distinct().Count());
        var tokenizer = HuggingFaceTokenizer.Load(TokenizerPath);
        int maskId = tokenizer.TokenToId("[MASK]")!.Value;
        for (int r = 0; r < count; r++)
        {
            var (windowId, windowText) = windows[r % windows.Length];
            Assert.Equal(["id", "text"], records[r].Select(p => p.Key));
            Assert.Equal($"{windowId}-m{r / windows.Length}", records[r]["id"]!.GetValue<string>());
            string text = records[r]["text"]!.GetValue<string>();
            var words = Words(text);
            var original = Words(windowText);
            Assert.Equal(original.Length, words.Length);
            int masked = words.Count(w => w == "[MASK]");
            Assert.Equal((int)Math.Round(0.4 * words.Length, MidpointRounding.AwayFromZero), masked);
            Assert.InRange(masked / (double)words.Length, 0.39, 0.41);
            // Only whole words change, each into one [MASK] token.
            Assert.All(words.Zip(original), pair => Assert.True(pair.First == "[MASK]" || pair.First == pair.Second, $"{pair.First} vs {pair.Second}"));
            Assert.Equal(masked, tokenizer.Encode(text).Count(id => id == maskId));
        }
        // A window met a second time gets other masks.
        Assert.NotEqual(records[0]["text"]!.GetValue<string>(), records[windows.Length]["text"]!.GetValue<string>());
    }

    [Fact]
    public void The_same_seed_gives_the_same_bytes_and_another_seed_other_masks()
    {
        string first = Path.Combine(folder, "first.jsonl"), again = Path.Combine(folder, "again.jsonl"), other = Path.Combine(folder, "other.jsonl");
        Assert.Equal(0, RunScript("5", "0.5", "3", first).ExitCode);
        Assert.Equal(0, RunScript("5", "0.5", "3", again).ExitCode);
        Assert.Equal(0, RunScript("5", "0.5", "4", other).ExitCode);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(again));
        Assert.NotEqual(File.ReadAllText(first), File.ReadAllText(other));
    }

    [Theory]
    [InlineData("0", "0.5", "1", "N '0' is not a positive whole number")]
    [InlineData("10", "1", "1", "RATE '1' is not a fraction in (0, 1)")]
    [InlineData("10", "0.5", "-1", "SEED '-1' is not a whole number")]
    public void Bad_arguments_exit_1_naming_the_argument_and_write_no_file(string count, string rate, string seed, string expected)
    {
        string output = Path.Combine(folder, "bad.jsonl");
        var (code, stderr) = RunScript(count, rate, seed, output);
        Assert.Equal(1, code);
        Assert.Contains(Lines(stderr), l => l.StartsWith("error: ", StringComparison.Ordinal) && l.Contains(expected, StringComparison.Ordinal));
        Assert.False(File.Exists(output) || File.Exists(output + ".partial"));
    }

    public void Dispose() => temporary.Dispose();

    /// <summary>The 512-token windows of the validation split, as the script's first stage makes them.</summary>
    private static (string Id, string Text)[] Windows()
    {
        var (code, stdout, stderr) = RunMaria("tokenize", "--tokenizer", TokenizerPath, "--windows", "512", "--input", Validation);
        Assert.True(code == 0, stderr);
        return Lines(stdout).Select(l => JsonNode.Parse(l)!).Select(n => (n["id"]!.GetValue<string>(), n["text"]!.GetValue<string>())).ToArray();
    }

    private static string[] Words(string text) => text.Split((char[])[' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Runs the script with MARIA set to this test's own build of the CLI.</summary>
    private static (int ExitCode, string Stderr) RunScript(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(RepositoryFiles.Root, "tools", "bench", "masked-records.sh"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["MARIA"] = "dotnet " + Path.Combine(AppContext.BaseDirectory, "maria.dll");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the script ran for more than 2 minutes");
        return (process.ExitCode, stderr.Result);
    }
}
