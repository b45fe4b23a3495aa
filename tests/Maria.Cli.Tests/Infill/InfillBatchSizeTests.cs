using System.Text.Json.Nodes;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Infill;

/// <summary>`maria infill --batch-size`: the output, its order, the errors and --resume do not depend on the batch size.</summary>
[Collection(InfillPackageCollection.Name)]
public sealed class InfillBatchSizeTests(InfillPackageFixture fixture)
{
    [Fact]
    public void Batch_sizes_1_3_and_8_write_identical_files_with_bad_records_in_place()
    {
        string input = WriteRecords(24);
        var outputs = new List<string>();
        foreach (string batch in new[] { "1", "3", "8" })
        {
            string output = fixture.File($"batch-{batch}-{Guid.NewGuid():N}.jsonl");
            var (code, _, stderr) = RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", output, "--json", "--batch-size", batch);
            Assert.Equal(1, code);  // the bad records
            Assert.Contains("error: record 8: line 8: invalid JSON", stderr, StringComparison.Ordinal);
            Assert.Contains("error: record r6: the text contains the special token", stderr, StringComparison.Ordinal);
            outputs.Add(string.Join('\n', File.ReadAllLines(output).Select(WithoutTimings)));
        }
        Assert.Equal(outputs[0], outputs[1]);
        Assert.Equal(outputs[0], outputs[2]);
        var ids = outputs[0].Split('\n').Select(line => JsonNode.Parse(line)!["id"]!.GetValue<string>());
        // An unreadable line keeps its place under its line number.
        Assert.Equal(Enumerable.Range(0, 24).Select(i => i % 11 == 7 ? $"{i + 1}" : $"r{i}"), ids);
    }

    [Fact]
    public void Two_three_and_automatic_workers_write_the_one_worker_file_with_bad_records_in_place()
    {
        string input = WriteRecords(30);
        var outputs = new List<string>();
        foreach (string workers in new[] { "1", "2", "3", "0" })
        {
            string output = fixture.File($"workers-{workers}-{Guid.NewGuid():N}.jsonl");
            var (code, _, stderr) = RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", output, "--json", "--batch-size", "3", "--workers", workers);
            Assert.Equal(1, code);  // the bad records
            Assert.Contains("error: record 8: line 8: invalid JSON", stderr, StringComparison.Ordinal);
            outputs.Add(string.Join('\n', File.ReadAllLines(output).Select(WithoutTimings)));
        }
        Assert.All(outputs, output => Assert.Equal(outputs[0], output));
        Assert.Equal(30, outputs[0].Split('\n').Length);
    }

    [Fact]
    public void Negative_workers_exit_1_with_one_line_naming_the_option()
    {
        var (code, stdout, stderr) = RunMaria("infill", "--model", fixture.Package, "--workers", "-1", "a [MASK] b");

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("error: --workers -1: give 1 or more batches to decode side by side, or 0 to choose by the package", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_after_a_partial_batched_run_gives_the_uninterrupted_file()
    {
        string input = WriteRecords(16);
        string whole = fixture.File($"whole-{Guid.NewGuid():N}.txt");
        RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", whole, "--batch-size", "4");
        string[] expected = File.ReadAllLines(whole);

        string resumed = fixture.File($"resumed-{Guid.NewGuid():N}.txt");
        File.WriteAllText(resumed + ".partial", string.Join('\n', expected.Take(5)) + "\nhalf a rec");
        var (_, _, stderr) = RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", resumed, "--resume", "--batch-size", "4");

        Assert.True(File.Exists(resumed), stderr);
        Assert.Equal(expected, File.ReadAllLines(resumed));
    }

    [Fact]
    public void Ort_profile_writes_the_encoder_and_decoder_traces_and_leaves_the_fills_unchanged()
    {
        string profiles = fixture.File($"profile-{Guid.NewGuid():N}");
        var (code, plain, _) = RunMaria("infill", "--model", fixture.Package, "--batch-size", "2", "a [MASK] b [MASK]");
        var (profiledCode, profiled, stderr) = RunMaria("infill", "--model", fixture.Package, "--batch-size", "2", "--ort-profile", profiles, "a [MASK] b [MASK]");
        Assert.Equal(0, code);
        Assert.Equal(0, profiledCode);
        Assert.Equal(plain, profiled);
        var names = Directory.GetFiles(profiles).Select(Path.GetFileName).Order().ToArray();
        Assert.True(names.Length == 2 && names[0]!.StartsWith("decoder_") && names[1]!.StartsWith("encoder_"), $"{string.Join(", ", names)}; {stderr}");
        Assert.All(names, name => Assert.Contains("\"model_run\"", File.ReadAllText(Path.Combine(profiles, name!)), StringComparison.Ordinal));

        // tools/bench/ort-profile.mjs sums the decoder's trace: its runs and the cache write among the operators.
        var node = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("node",
            [Path.Combine(RepositoryFiles.Root, "tools", "bench", "ort-profile.mjs"), Path.Combine(profiles, names[0]!)]) { RedirectStandardOutput = true })!;
        string summary = node.StandardOutput.ReadToEnd();
        node.WaitForExit();
        Assert.Equal(0, node.ExitCode);
        Assert.Matches(@"decoder_\S+\.json: \d+ runs, [\d.]+ ms per run", summary);
        // Per run, one ScatterND writes the keys and one the values of each layer.
        int layers = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.Package, "maria.json")))!["decoder"]!["num_layers"]!.GetValue<int>();
        Assert.Matches($@"(?m)^ScatterND\s+{2 * layers}\.0\s", summary);
    }

    [Fact]
    public void Fast_batching_runs_a_lone_texts_single_token_calls_as_one_row_and_fills_alike()
    {
        const string text = "a [MASK] [MASK] [MASK] b";
        string padded = fixture.File($"profile-padded-{Guid.NewGuid():N}"), fast = fixture.File($"profile-fast-{Guid.NewGuid():N}");
        var (code, paddedFills, _) = RunMaria("infill", "--model", fixture.Package, "--batch-size", "1", "--ort-profile", padded, text);
        var (fastCode, fastFills, stderr) = RunMaria("infill", "--model", fixture.Package, "--batch-size", "1", "--fast-batching", "--ort-profile", fast, text);
        Assert.Equal(0, code);
        Assert.True(fastCode == 0, stderr);
        Assert.Equal(paddedFills, fastFills);   // fp32 weights: the same greedy tokens by either kernel
        // input_ids of every decoder run, from ONNX Runtime's trace: 16 token rows by default, single rows after the
        // first chunk with --fast-batching.
        Assert.All(TokenRows(padded), rows => Assert.Equal(16, rows));
        var fastRows = TokenRows(fast);
        Assert.Equal(3, fastRows.Count);
        Assert.Equal([1, 1], fastRows.Skip(1));
    }

    /// <summary>The token rows (batch x sequence of input_ids) of every decoder run in the trace --ort-profile wrote to <paramref name="folder"/>.</summary>
    private static List<int> TokenRows(string folder) => DecoderTrace.TokenShapes(folder).Select(shape => shape[0] * shape[1]).ToList();

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    public void A_batch_size_below_1_exits_1_with_one_line(string value)
    {
        var (code, _, stderr) = RunMaria("infill", "--model", fixture.Package, "--batch-size", value, "a [MASK] b");
        Assert.Equal(1, code);
        Assert.Contains($"--batch-size {value}: give 1 or more", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    /// <summary>Records of mixed lengths and mask patterns, with an invalid line, a special token and a text without masks.</summary>
    private string WriteRecords(int count)
    {
        string[] texts =
        [
            "the [MASK] is here", "[MASK] and [MASK][MASK]", "one two three [MASK] five six seven eight nine [MASK]",
            "no masks in this one", "[MASK]", "a b c d e f g h i j k l m n o p q r s t u v [MASK] w x y z [MASK] end",
            "[CLS] special [MASK]", "[MASK] [MASK] [MASK] [MASK] [MASK] [MASK]",
        ];
        var lines = Enumerable.Range(0, count).Select(i => i % 11 == 7
            ? $$"""{"id": "r{{i}}", "text": """
            : $$"""{"id": "r{{i}}", "text": "{{texts[i % texts.Length]}}"}""");
        string input = fixture.File($"records-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(input, lines);
        return input;
    }

    /// <summary>Timings differ from run to run; everything else must not.</summary>
    private static string WithoutTimings(string line)
    {
        var obj = JsonNode.Parse(line)!.AsObject();
        obj.Remove("timing_ms");
        return obj.ToJsonString();
    }
}
