using System.Globalization;
using System.Text.Json.Nodes;
using Maria.Cli.Tests.Infill;
using Maria.Cli.Tests.Plotting;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Bench;

/// <summary>`maria bench`: the shape of its table and JSON, and its refusals (it prints figures; nothing here is timed).</summary>
[Collection(InfillPackageCollection.Name)]
public sealed class BenchCommandTests(InfillPackageFixture fixture)
{
    private const string Address = "The state of the Union is strong, and our nation must meet the budget this year with courage and resolve.";

    [Fact]
    public void The_table_has_a_row_per_length_and_a_column_per_method_then_the_ratios()
    {
        var (code, stdout, stderr) = RunMaria("bench", "--warmup-tokens", "0", "--model", fixture.Package, "--data", DataFile(3), "--lengths", "8,16",
            "--repeats", "1", "--warmup", "0");
        Assert.True(code == 0, stderr);
        var lines = Lines(stdout);
        Assert.Equal(3, lines.Length);
        Assert.Equal(["length", "maria", "tok/s", "nocache", "tok/s", "mlm", "tok/s", "ar", "tok/s", "ar", "steps", "tok/s", "maria/ar", "maria/mlm"], Cells(lines[0]));
        Assert.Equal("8", Cells(lines[1])[0]);
        Assert.Equal("16", Cells(lines[2])[0]);
        foreach (string row in lines.Skip(1))
        {
            var numbers = Cells(row).Skip(1).Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(7, numbers.Length);
            Assert.All(numbers, n => Assert.True(n > 0));
            // Rates print with one decimal (±0.05) and ratios with two (±0.005): the bound those roundings allow.
            double ratio = numbers[0] / numbers[3];
            double roundingBound = 1.1 * ratio * (0.05 / numbers[0] + 0.05 / numbers[3]) + 0.005 + 1e-9;
            Assert.InRange(numbers[5], ratio - roundingBound, ratio + roundingBound);
        }
        // Progress goes to stderr: one line per length and method.
        Assert.Equal(8, Lines(stderr).Count(l => l.StartsWith("bench: length", StringComparison.Ordinal)));
    }

    [Fact]
    public void Without_model_it_benchmarks_the_embedded_default_package()
    {
        var (code, stdout, stderr) = RunMaria("bench", "--warmup-tokens", "0", "--data", DataFile(1), "--lengths", "8", "--methods", "maria",
            "--repeats", "1", "--warmup", "0");
        Assert.True(code == 0, stderr);
        Assert.Equal(["length", "maria", "tok/s"], Cells(Lines(stdout)[0]));
        Assert.Equal("8", Cells(Lines(stdout)[1])[0]);
    }

    [Fact]
    public void Json_lists_every_method_at_every_length_with_machine_and_date()
    {
        string json = fixture.File("bench-" + Guid.NewGuid().ToString("N") + ".json");
        var (code, stdout, stderr) = RunMaria("bench", "--warmup-tokens", "0", "--model", fixture.Package, "--data", DataFile(2), "--lengths", "12",
            "--methods", "maria,mlm,ar", "--repeats", "2", "--warmup", "1", "--seed", "7", "--json", json);
        Assert.True(code == 0, stderr);
        Assert.Equal(["length", "maria", "tok/s", "mlm", "tok/s", "ar", "tok/s", "ar", "steps", "tok/s", "maria/ar", "maria/mlm"], Cells(Lines(stdout)[0]));
        var root = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        Assert.Equal([12], root["lengths"]!.AsArray().Select(n => n!.GetValue<int>()));
        var methods = root["methods"]!.AsObject();
        Assert.Equal(["maria", "mlm", "ar"], methods.Select(p => p.Key));
        foreach (var (name, entries) in methods)
        {
            var entry = Assert.Single(entries!.AsArray())!;
            Assert.Equal(12, entry["length"]!.GetValue<int>());
            Assert.True(entry["tokens_per_s"]!.GetValue<double>() > 0);
            // Only plain generation has steps after a prefill to time apart.
            Assert.Equal(name == "ar", entry.AsObject().ContainsKey("decode_steps_tokens_per_s"));
        }
        Assert.True(methods["ar"]![0]!["decode_steps_tokens_per_s"]!.GetValue<double>() > 0);
        Assert.False(string.IsNullOrWhiteSpace(root["machine"]!.GetValue<string>()));
        Assert.True(DateTimeOffset.TryParse(root["date"]!.GetValue<string>(), CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public void Before_timing_it_decodes_the_warm_up_tokens_and_the_json_says_how_many()
    {
        string json = fixture.File("bench-warm-" + Guid.NewGuid().ToString("N") + ".json");
        var (code, _, stderr) = RunMaria("bench", "--model", fixture.Package, "--data", DataFile(1), "--lengths", "8",
            "--methods", "maria", "--repeats", "1", "--warmup", "2", "--warmup-tokens", "30", "--json", json);
        Assert.True(code == 0, stderr);
        var root = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        // Length 8 at 50% masks 4 tokens a run: 8 untimed runs reach 30 (32 tokens), then the 2 per-method runs.
        Assert.Equal(32, root["settings"]!["warmup_tokens"]!.GetValue<int>());
        Assert.Equal(2, root["settings"]!["warmup"]!.GetValue<int>());
        Assert.Contains(Lines(stderr), l => l.StartsWith("bench: warm-up filled 32 tokens", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--mask-rate", "0", "--mask-rate")]
    [InlineData("--mask-rate", "1", "--mask-rate")]
    [InlineData("--lengths", "100000", "the model's context holds at most")]
    [InlineData("--lengths", "8,x", "--lengths")]
    [InlineData("--methods", "maria,beam", "unknown method 'beam'")]
    public void Bad_options_exit_1_with_one_error_line(string option, string value, string expected)
    {
        string[] lengths = option == "--lengths" ? [] : ["--lengths", "8"];
        var (code, stdout, stderr) = RunMaria(["bench", "--warmup-tokens", "0", "--model", fixture.Package, "--data", DataFile(1), .. lengths, option, value]);
        Assert.Equal(1, code);
        Assert.Empty(stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_data_file_is_refused_before_the_package_is_loaded()
    {
        // The package folder does not exist either: the data is checked first, so the error names --data.
        string missing = fixture.File("no-such-" + Guid.NewGuid().ToString("N") + ".jsonl");
        var (code, stdout, stderr) = RunMaria("bench", "--model", fixture.File("no-such-package"), "--data", missing, "--lengths", "8");
        Assert.Equal(1, code);
        Assert.Empty(stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith($"error: --data {missing}: no such file", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Plot_png_draws_throughput_against_length_as_a_png_image()
    {
        string png = fixture.File("bench-" + Guid.NewGuid().ToString("N") + ".png");
        var (code, _, stderr) = RunMaria("bench", "--warmup-tokens", "0", "--model", fixture.Package, "--data", DataFile(3), "--lengths", "8,16",
            "--repeats", "1", "--warmup", "0", "--plot", png);
        Assert.True(code == 0, stderr);
        PlotFiles.AssertPng(png);
        Assert.Contains(Lines(stderr), l => l == "bench: wrote " + png);
    }

    [Fact]
    public void Plot_svg_has_a_line_per_method_named_in_the_legend_and_the_axis_labels()
    {
        string svg = fixture.File("bench-" + Guid.NewGuid().ToString("N") + ".svg");
        var (code, _, stderr) = RunMaria("bench", "--warmup-tokens", "0", "--model", fixture.Package, "--data", DataFile(3), "--lengths", "8,12,16",
            "--methods", "maria,nocache", "--repeats", "1", "--warmup", "0", "--plot", svg);
        Assert.True(code == 0, stderr);
        PlotFiles.AssertSvg(svg, ["maria", "nocache", "input length (tokens)", "tokens filled per second"]);
    }

    [Fact]
    public void A_plot_path_without_png_or_svg_exits_1_before_measuring()
    {
        var (code, stdout, stderr) = RunMaria("bench", "--warmup-tokens", "0", "--model", fixture.Package, "--data", DataFile(1), "--lengths", "8",
            "--plot", fixture.File("figure.jpg"));
        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains(".png or .svg", Assert.Single(Lines(stderr)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_data_file_exits_1_naming_it()
    {
        string missing = fixture.File("no-such-" + Guid.NewGuid().ToString("N") + ".jsonl");
        var (code, _, stderr) = RunMaria("bench", "--warmup-tokens", "0", "--model", fixture.Package, "--data", missing, "--lengths", "8");
        Assert.Equal(1, code);
        Assert.Contains(missing, Assert.Single(Lines(stderr)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_data_file_exits_1_saying_it_has_no_text()
    {
        string empty = fixture.File("empty-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllText(empty, "");
        var (code, _, stderr) = RunMaria("bench", "--warmup-tokens", "0", "--model", fixture.Package, "--data", empty, "--lengths", "8");
        Assert.Equal(1, code);
        Assert.Contains("no text", Assert.Single(Lines(stderr)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_line_with_a_key_twice_exits_1_naming_the_line_and_the_key()
    {
        string data = fixture.File("twice-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllText(data, """{"text": "Hi."}""" + "\n" + """{"id": 1, "text": "a", "id": 2}""" + "\n");
        var (code, _, stderr) = RunMaria("bench", "--warmup-tokens", "0", "--model", fixture.Package, "--data", data, "--lengths", "8");
        Assert.Equal(1, code);
        Assert.Equal($"error: --data {data}, line 2: invalid JSON (the key \"id\" appears twice); keep one of them or pass another file", Assert.Single(Lines(stderr)));
    }

    [Fact]
    public void Data_too_short_for_the_longest_length_exits_1_with_the_token_count()
    {
        string shortData = fixture.File("short-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllText(shortData, """{"text": "Hi."}""" + "\n");
        var (code, _, stderr) = RunMaria("bench", "--warmup-tokens", "0", "--model", fixture.Package, "--data", shortData, "--lengths", "4,16");
        Assert.Equal(1, code);
        Assert.Contains("asks for 16", Assert.Single(Lines(stderr)), StringComparison.Ordinal);
    }

    private string DataFile(int addresses)
    {
        string path = fixture.File("bench-data-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, addresses).Select(i =>
            new JsonObject { ["year"] = 1900 + i, ["name"] = "Test", ["party"] = "None", ["text"] = Address }.ToJsonString()));
        return path;
    }

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
