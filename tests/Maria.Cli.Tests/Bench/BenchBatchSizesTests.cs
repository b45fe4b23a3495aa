using System.Globalization;
using System.Text.Json.Nodes;
using Maria.Cli.Commands.Bench;
using Maria.Cli.Tests.Infill;
using Maria.Runtime;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Bench;

/// <summary>`maria bench --batch-sizes`: the table and JSON shape, identical fills at every batch size, and its refusals (nothing here is timed).</summary>
[Collection(InfillPackageCollection.Name)]
public sealed class BenchBatchSizesTests(InfillPackageFixture fixture)
{
    private const string Address = "The state of the Union is strong, and our nation must meet the budget this year with courage and resolve.";

    [Fact]
    public void The_table_has_a_row_per_batch_size_with_records_masked_tokens_speed_up_and_peak_memory()
    {
        var (code, stdout, stderr) = RunMaria("bench", "--warmup-tokens", "0", "--model", fixture.Package, "--data", DataFile(6), "--batch-sizes", "4,1,2",
            "--records", "6", "--lengths", "16", "--repeats", "1", "--warmup", "0");
        Assert.True(code == 0, stderr);
        var lines = Lines(stdout);
        Assert.Equal(4, lines.Length);
        Assert.Equal(["batch", "records/s", "masked", "tok/s", "speed-up", "peak", "RSS", "MiB"], Cells(lines[0]));
        var rows = lines.Skip(1).Select(l => Cells(l).Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        // Smallest first, whatever the order given.
        Assert.Equal([1.0, 2.0, 4.0], rows.Select(r => r[0]));
        Assert.Equal(1.0, rows[0][3]);
        foreach (var row in rows)
        {
            Assert.All(row, n => Assert.True(n > 0));
            // 6 records of 16 tokens at 0.5: 8 masks each, so masked tokens/s is 8 x records/s (to the printed rounding).
            Assert.InRange(row[2], 8 * row[1] - 0.5, 8 * row[1] + 0.5);
            double ratio = row[1] / rows[0][1];
            Assert.InRange(row[3], ratio * (1 - 0.01 / row[1]) - 0.006, ratio * (1 + 0.01 / row[1]) + 0.006);
            Assert.True(row[4] > 10, $"peak RSS {row[4]} MiB is below any .NET process");
        }
        Assert.Equal(3, Lines(stderr).Count(l => l.StartsWith("bench: batch ", StringComparison.Ordinal)));
    }

    [Fact]
    public void With_workers_every_batch_size_still_fills_the_one_at_a_time_tokens_and_the_json_says_how_many()
    {
        string data = DataFile(8);
        var single = RunJson("--data", data, "--batch-sizes", "1,3", "--records", "10", "--lengths", "16", "--seed", "4");
        var parallel = RunJson("--data", data, "--batch-sizes", "1,3", "--records", "10", "--lengths", "16", "--seed", "4", "--workers", "2");

        string expected = single["results"]![0]!["fills_sha256"]!.GetValue<string>();
        Assert.All(parallel["results"]!.AsArray(), r => Assert.Equal(expected, r!["fills_sha256"]!.GetValue<string>()));
        Assert.Equal(2, parallel["settings"]!["workers"]!.GetValue<int>());
    }

    [Fact]
    public void Every_batch_size_fills_the_tokens_of_one_at_a_time_greedy_decoding()
    {
        const int records = 10, length = 16, seed = 4;
        string data = DataFile(8);
        var root = RunJson("--data", data, "--batch-sizes", "1,3,8", "--records", "10", "--lengths", "16", "--seed", "4");
        var results = root["results"]!.AsArray();
        Assert.Equal([1, 3, 8], results.Select(r => r!["batch_size"]!.GetValue<int>()));

        // The documented generated records: consecutive windows of the texts' tokens, record r masked with seed + r.
        using var model = MariaModel.Load(fixture.Package);
        var tokens = Enumerable.Repeat(Address, 8).SelectMany(text => model.Tokenizer.Encode(text)).ToArray();
        var expected = BatchBench.FillsSha256(Enumerable.Range(0, records).Select(r =>
            model.Baselines.Maria(tokens[(r * length)..((r + 1) * length)], BenchInput.DrawMasks(length, 0.5, seed, r))));
        Assert.All(results, r => Assert.Equal(expected, r!["fills_sha256"]!.GetValue<string>()));
        Assert.All(results, r => Assert.True(r!["same_fills_as_batch_1"]!.GetValue<bool>()));
        Assert.Equal(records, root["records"]!.GetValue<int>());
        Assert.Equal(records * length / 2, root["masked_tokens"]!.GetValue<long>());
        Assert.Equal("generated windows", root["source"]!.GetValue<string>());
        Assert.Contains("sampled every 10 ms", root["peak_rss"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Records_holding_masks_are_decoded_as_they_are()
    {
        string[] texts = ["The [MASK] of the Union is [MASK].", "We will build new [MASK] and [MASK] [MASK] schools.", "[MASK] must act on health care."];
        string data = fixture.File("masked-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllLines(data, texts.Select((t, i) => new JsonObject { ["id"] = $"r{i}", ["text"] = t }.ToJsonString()));
        var root = RunJson("--data", data, "--batch-sizes", "1,2");

        using var model = MariaModel.Load(fixture.Package);
        int maskId = model.Manifest.Vocabulary.MaskId;
        var expected = BatchBench.FillsSha256(texts.Select(t =>
        {
            var ids = model.Tokenizer.Encode(t).ToArray();
            return model.Baselines.Maria(ids, Enumerable.Range(0, ids.Length).Where(i => ids[i] == maskId).ToArray());
        }));
        Assert.Equal("masked records", root["source"]!.GetValue<string>());
        Assert.Equal(3, root["records"]!.GetValue<int>());
        Assert.Equal(6, root["masked_tokens"]!.GetValue<long>());
        Assert.All(root["results"]!.AsArray(), r => Assert.Equal(expected, r!["fills_sha256"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("--batch-sizes", "2,4", "--batch-sizes 2,4 lacks 1")]
    [InlineData("--batch-sizes", "1,x", "--batch-sizes: 'x' is not a whole number of 1 or more")]
    [InlineData("--batch-sizes", "1,0", "--batch-sizes: '0' is not a whole number of 1 or more")]
    [InlineData("--batch-sizes", "1,-4", "--batch-sizes: '-4' is not a whole number of 1 or more")]
    [InlineData("--batch-sizes", "1,,2", "--batch-sizes: '' is not a whole number of 1 or more")]
    [InlineData("--records", "0", "--records 0: give 1 or more")]
    [InlineData("--lengths", "8,16", "generates records of one length")]
    [InlineData("--methods", "nocache", "drop --methods nocache")]
    [InlineData("--plot", "figure.png", "drop it with --batch-sizes")]
    public void Bad_batch_options_exit_1_with_one_error_line(string option, string value, string expected)
    {
        string[] defaults = ["--batch-sizes", "1,2", "--records", "2", "--lengths", "8"];
        var others = defaults.Chunk(2).Where(pair => pair[0] != option).SelectMany(pair => pair).ToArray();
        var (code, stdout, stderr) = RunMaria(["bench", "--warmup-tokens", "0", "--model", fixture.Package, "--data", DataFile(2), .. others, option, value]);
        Assert.Equal(1, code);
        Assert.Empty(stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_without_batch_sizes_exit_1_saying_so()
    {
        var (code, _, stderr) = RunMaria("bench", "--warmup-tokens", "0", "--model", fixture.Package, "--data", DataFile(1), "--lengths", "8", "--records", "4");
        Assert.Equal(1, code);
        Assert.Contains("--records counts the records of --batch-sizes", Assert.Single(Lines(stderr)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_masked_file_with_a_record_without_masks_exits_1_naming_its_line()
    {
        string data = fixture.File("mixed-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllLines(data, ["""{"id": "a", "text": "The [MASK] is strong."}""", """{"id": "b", "text": "No masks here."}"""]);
        var (code, _, stderr) = RunMaria("bench", "--warmup-tokens", "0", "--model", fixture.Package, "--data", data, "--batch-sizes", "1,2");
        Assert.Equal(1, code);
        var line = Assert.Single(Lines(stderr));
        Assert.Contains($"{data}, line 2: no [MASK]", line, StringComparison.Ordinal);
    }

    private JsonNode RunJson(params string[] options)
    {
        string json = fixture.File("bench-" + Guid.NewGuid().ToString("N") + ".json");
        var (code, _, stderr) = RunMaria(["bench", "--warmup-tokens", "0", "--model", fixture.Package, .. options, "--repeats", "1", "--warmup", "1", "--json", json]);
        Assert.True(code == 0, stderr);
        return JsonNode.Parse(File.ReadAllText(json))!;
    }

    private string DataFile(int addresses)
    {
        string path = fixture.File("bench-data-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, addresses).Select(_ => new JsonObject { ["text"] = Address }.ToJsonString()));
        return path;
    }

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
