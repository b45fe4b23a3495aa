using System.Globalization;
using System.Text.Json.Nodes;
using Maria.Cli.Commands.Eval;
using Maria.Cli.Tests.Infill;
using Maria.Cli.Tests.Plotting;
using Maria.Export.Packaging;
using Maria.Runtime;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Eval;

/// <summary>`maria eval` on a tiny package: table and JSON shape, reproducibility, exact NLLs, bad input, plots.</summary>
[Collection(InfillPackageCollection.Name)]
public sealed class EvalCommandTests(InfillPackageFixture fixture)
{
    private static readonly string[] Addresses =
    [
        "The state of the Union is strong, and our nation must meet the budget this year with courage and resolve.",
        "We will build new roads and schools, and every family will share in the growth of the economy.",
        "Congress must act on health care, on taxes, and on the defense of our people at home and abroad.",
    ];

    [Fact]
    public void The_table_has_perplexity_bits_per_byte_and_token_blocks_with_a_row_per_method_and_a_column_per_rate()
    {
        var (code, stdout, stderr) = RunMaria("eval", "--model", fixture.Package, "--data", DataFile(), "--context", "16",
            "--mask-rates", "0.5,0.2");
        Assert.True(code == 0, stderr);
        var lines = Lines(stdout);
        Assert.Equal(15, lines.Length);
        Assert.Equal(["masked", "perplexity", "0.2", "0.5"], Cells(lines[0]));
        Assert.Equal(["bits", "per", "byte", "0.2", "0.5"], Cells(lines[5]));
        Assert.Equal(["masked", "tokens", "0.2", "0.5"], Cells(lines[10]));
        foreach (int block in new[] { 0, 5, 10 })
        {
            Assert.Equal(["maria", "product", "ar", "mlm"], lines.Skip(block + 1).Take(4).Select(l => Cells(l)[0]));
            foreach (string row in lines.Skip(block + 1).Take(4))
            {
                var numbers = Cells(row).Skip(1).Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
                Assert.Equal(2, numbers.Length);
                Assert.All(numbers, n => Assert.True(n > 0 && double.IsFinite(n), $"{row}: every figure should be positive"));
            }
        }
        // Progress on stderr: one line per rate and method.
        Assert.Equal(8, Lines(stderr).Count(l => l.StartsWith("eval: rate", StringComparison.Ordinal)));
    }

    [Fact]
    public void Json_lists_every_method_at_every_rate_with_the_run_settings()
    {
        var root = RunJson("--methods", "ar,maria", "--mask-rates", "0.3", "--seed", "5");
        Assert.Equal([0.3], root["rates"]!.AsArray().Select(n => n!.GetValue<double>()));
        var methods = root["methods"]!.AsObject();
        Assert.Equal(["ar", "maria"], methods.Select(p => p.Key));
        foreach (var (_, entries) in methods)
        {
            var entry = Assert.Single(entries!.AsArray())!;
            Assert.Equal(0.3, entry["rate"]!.GetValue<double>());
            double ppl = entry["ppl"]!.GetValue<double>(), bpb = entry["bpb"]!.GetValue<double>(), nll = entry["nll"]!.GetValue<double>();
            long tokens = entry["tokens"]!.GetValue<long>(), bytes = entry["bytes"]!.GetValue<long>();
            Assert.True(tokens > 0 && bytes >= tokens, $"tokens {tokens}, bytes {bytes}");
            Assert.Equal(Math.Exp(nll / tokens), ppl, 1e-9 * ppl);
            Assert.Equal(nll / Math.Log(2) / bytes, bpb, 1e-12);
        }
        Assert.Equal(fixture.Package, root["model"]!.GetValue<string>());
        Assert.EndsWith(".jsonl", root["data"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(5, root["seed"]!.GetValue<int>());
        Assert.True(root["windows"]!.GetValue<int>() >= Addresses.Length);
        Assert.Equal(16, root["context"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(root["machine"]!.GetValue<string>()));
        Assert.True(DateTimeOffset.TryParse(root["date"]!.GetValue<string>(), CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public void The_same_seed_gives_identical_output_and_another_seed_other_masks()
    {
        string data = DataFile();
        string[] args = ["eval", "--model", fixture.Package, "--data", data, "--context", "16", "--mask-rates", "0.3,0.6", "--methods", "maria,ar"];
        var first = RunMaria([.. args, "--seed", "1"]);
        var again = RunMaria([.. args, "--seed", "1"]);
        var other = RunMaria([.. args, "--seed", "2"]);
        Assert.True(first.ExitCode == 0 && other.ExitCode == 0, first.Stderr + other.Stderr);
        Assert.Equal(first.Stdout, again.Stdout);
        Assert.NotEqual(first.Stdout, other.Stdout);
    }

    [Fact]
    public void Batch_sizes_1_and_8_print_the_same_figures_for_every_method()
    {
        // Context 8 cuts the three texts into a dozen windows of mixed lengths: two groups at batch 8, the last one ragged.
        string[] args = ["eval", "--model", fixture.Package, "--data", DataFile(), "--context", "8", "--mask-rates", "0.3,0.7"];
        var one = RunMaria([.. args, "--batch-size", "1"]);
        var eight = RunMaria([.. args, "--batch-size", "8"]);
        Assert.True(one.ExitCode == 0 && eight.ExitCode == 0, one.Stderr + eight.Stderr);
        int windows = int.Parse(Cells(Lines(one.Stderr)[0])[1], CultureInfo.InvariantCulture);
        Assert.True(windows > 8, $"{windows} windows: the test needs more than one group of 8");
        Assert.Equal(one.Stdout, eight.Stdout);
    }

    [Fact]
    public void Each_methods_nll_equals_the_runtime_scores_of_the_same_windows_and_masks()
    {
        const int context = 12, seed = 9;
        double[] rates = [0.25, 0.75];
        string data = DataFile();
        var root = RunJson("--data", data, "--context", context.ToString(CultureInfo.InvariantCulture), "--mask-rates", "0.25,0.75",
            "--seed", seed.ToString(CultureInfo.InvariantCulture));

        using var model = MariaModel.Load(fixture.Package);
        // The documented windowing: each text's tokens cut into consecutive windows of at most `context`.
        var windows = Addresses
            .Select(text => model.Tokenizer.Encode(text).ToArray())
            .SelectMany(tokens => tokens.Chunk(context))
            .ToList();
        Assert.Equal(windows.Count, root["windows"]!.GetValue<int>());
        var baselines = model.Baselines;
        var methods = new Dictionary<string, Func<int[], int[], double[]>>
        {
            ["maria"] = (t, m) => model.ScoreTokens(t, m).LogProbabilities.ToArray(),
            ["product"] = (t, m) => baselines.ProductLogProbabilities(t, m),
            ["ar"] = (t, m) => baselines.AutoregressiveLogProbabilities(t, m),
            ["mlm"] = (t, m) => baselines.MaskedLanguageModelLogProbabilities(t, m),
        };
        foreach (var (name, score) in methods)
        {
            var entries = root["methods"]![name]!.AsArray();
            for (int r = 0; r < rates.Length; r++)
            {
                double nll = 0;
                long tokens = 0, bytes = 0;
                for (int w = 0; w < windows.Count; w++)
                {
                    var masks = EvalMasks.Draw(windows[w].Length, rates[r], seed, w);
                    nll -= score(windows[w], masks).Sum();
                    tokens += masks.Length;
                    bytes += masks.Sum(i => (long)model.Tokenizer.GetTokenBytes(windows[w][i]).Length);
                }
                Assert.Equal(tokens, entries[r]!["tokens"]!.GetValue<long>());
                Assert.Equal(bytes, entries[r]!["bytes"]!.GetValue<long>());
                Assert.Equal(nll, entries[r]!["nll"]!.GetValue<double>(), 1e-9 * nll);
            }
        }
    }

    [Fact]
    public void With_a_trained_head_maria_differs_from_product_which_stays_the_heads_product_of_experts()
    {
        using var sources = new TinyPackageSources();
        string head = sources.WriteHead(new Dictionary<string, string> { ["steps"] = "1" });
        PackageExporter.Export(new PackageExportOptions(sources.MaskedModel, sources.CausalModel, sources.Output) { HeadPath = head });
        string data = DataFile();
        string[] args = ["--data", data, "--context", "16", "--mask-rates", "0.3,0.7", "--methods", "maria,product"];
        var trained = RunJson(["--model", sources.Output, .. args]);
        var untrained = RunJson(["--model", fixture.Package, .. args]);
        Assert.Equal("trained", trained["head"]!.GetValue<string>());
        Assert.Equal("product_of_experts", untrained["head"]!.GetValue<string>());
        for (int r = 0; r < 2; r++)
        {
            double trainedMaria = Nll(trained, "maria", r), trainedProduct = Nll(trained, "product", r);
            // The product method ignores the package head: the same backbones give the same value.
            Assert.Equal(Nll(untrained, "product", r), trainedProduct, 1e-6 * trainedProduct);
            // And on the product-of-experts package it is MARIA itself.
            Assert.Equal(Nll(untrained, "maria", r), Nll(untrained, "product", r), 1e-4 * trainedProduct);
            Assert.True(Math.Abs(trainedMaria - trainedProduct) > 1e-3 * trainedProduct, $"a random trained head should change the NLL: {trainedMaria} vs {trainedProduct}");
        }
    }

    [Fact]
    public void Max_tokens_keeps_whole_windows_and_says_so_on_stderr()
    {
        string json = fixture.File("eval-" + Guid.NewGuid().ToString("N") + ".json");
        var (code, _, stderr) = RunMaria("eval", "--model", fixture.Package, "--data", DataFile(), "--context", "8",
            "--max-tokens", "20", "--methods", "ar", "--mask-rates", "0.5", "--json", json);
        Assert.True(code == 0, stderr);
        var root = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal(2, root["windows"]!.GetValue<int>());
        Assert.Equal(16, root["total_tokens"]!.GetValue<int>());
        Assert.Contains(Lines(stderr), l => l.Contains("--max-tokens 20", StringComparison.Ordinal) && l.Contains("whole windows", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--mask-rates", "0", "outside (0, 1)")]
    [InlineData("--mask-rates", "0.5,1", "outside (0, 1)")]
    [InlineData("--mask-rates", "-0.2", "outside (0, 1)")]
    [InlineData("--mask-rates", "half", "'half' is not a number")]
    [InlineData("--mask-rates", ",", "no rate given")]
    [InlineData("--methods", "maria,beam", "unknown method 'beam'")]
    [InlineData("--context", "1", "--context 1 is too small")]
    [InlineData("--context", "100000", "above the package's limit")]
    [InlineData("--max-tokens", "0", "--max-tokens must be at least 1")]
    [InlineData("--batch-size", "0", "--batch-size 0: give 1 or more")]
    [InlineData("--plot", "figure.pdf", "end the file name with .png or .svg")]
    public void Bad_options_exit_1_with_one_error_line(string option, string value, string expected)
    {
        var (code, stdout, stderr) = RunMaria("eval", "--model", fixture.Package, "--data", DataFile(), option, value);
        Assert.Equal(1, code);
        Assert.Empty(stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "has no text")]
    [InlineData("{\"text\": \"\"}\n\n{\"text\": \"\"}\n", "has no text")]
    [InlineData("{\"text\": \"Hello there.\"}\n{\"text\": \"More.\"}\n{\"text\": oops}\n", "line 3: invalid JSON")]
    [InlineData("{\"text\": \"Hello there.\"}\n{\"name\": \"no text\"}\n", "line 2: expected a JSON object with a string \"text\"")]
    [InlineData("{\"text\": \"Hello there.\"}\n{\"text\": \"one\", \"text\": \"two\"}\n", "line 2: invalid JSON (the key \"text\" appears twice)")]
    [InlineData("{\"text\": \"Hello there.\", \"meta\": {\"year\": 1, \"year\": 2}}\n", "line 1: invalid JSON (the key \"year\" appears twice)")]
    public void Bad_data_files_exit_1_naming_the_problem(string content, string expected)
    {
        string path = fixture.File("bad-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllText(path, content);
        var (code, stdout, stderr) = RunMaria("eval", "--model", fixture.Package, "--data", path);
        Assert.Equal(1, code);
        Assert.Empty(stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_data_file_exits_1_naming_it_and_the_fetch_script()
    {
        string missing = fixture.File("no-such-" + Guid.NewGuid().ToString("N") + ".jsonl");
        var (code, _, stderr) = RunMaria("eval", "--model", fixture.Package, "--data", missing);
        Assert.Equal(1, code);
        var line = Assert.Single(Lines(stderr));
        Assert.Contains(missing, line, StringComparison.Ordinal);
        Assert.Contains("fetch-sotu.sh", line, StringComparison.Ordinal);
    }

    [Fact]
    public void The_printed_table_follows_the_definitions_the_help_gives()
    {
        var (helpCode, _, helpText) = RunMaria("eval", "--help");
        Assert.Equal(0, helpCode);
        string help = string.Join(' ', helpText.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("masked perplexity = exp(total NLL / masked tokens)", help, StringComparison.Ordinal);
        Assert.Contains("bits per byte = total NLL / ln 2 / UTF-8 bytes of the masked tokens", help, StringComparison.Ordinal);

        // The raw tallies (total NLL, masked tokens, their bytes) are checked against the runtime's own scores by
        // Each_methods_nll_equals_the_runtime_scores_of_the_same_windows_and_masks; here the figures a reader sees
        // must be those definitions applied to them, to the precision printed.
        string json = fixture.File("eval-" + Guid.NewGuid().ToString("N") + ".json");
        var (code, stdout, stderr) = RunMaria("eval", "--model", fixture.Package, "--data", DataFile(), "--context", "16",
            "--mask-rates", "0.2,0.5", "--json", json);
        Assert.True(code == 0, stderr);
        var root = JsonNode.Parse(File.ReadAllText(json))!;
        var lines = Lines(stdout);
        string[] methods = ["maria", "product", "ar", "mlm"];
        for (int m = 0; m < methods.Length; m++)
        {
            Assert.Equal(methods[m], Cells(lines[1 + m])[0]);
            for (int r = 0; r < 2; r++)
            {
                var entry = root["methods"]![methods[m]]![r]!;
                double nll = entry["nll"]!.GetValue<double>();
                long tokens = entry["tokens"]!.GetValue<long>(), bytes = entry["bytes"]!.GetValue<long>();
                AssertPrinted(Math.Exp(nll / tokens), Cells(lines[1 + m])[1 + r]);
                AssertPrinted(nll / Math.Log(2) / bytes, Cells(lines[6 + m])[1 + r]);
                Assert.Equal(tokens.ToString(CultureInfo.InvariantCulture), Cells(lines[11 + m])[1 + r]);
            }
        }

        // A printed figure equals the exact value to half a unit of its last printed digit.
        static void AssertPrinted(double exact, string printed)
        {
            int point = printed.IndexOf('.', StringComparison.Ordinal);
            double halfUnit = 0.5 * Math.Pow(10, point < 0 ? 0 : -(printed.Length - point - 1));
            Assert.Equal(exact, double.Parse(printed, CultureInfo.InvariantCulture), halfUnit * 1.000001);
        }
    }

    [Fact]
    public void A_folder_given_as_data_exits_1_saying_it_is_not_a_file()
    {
        string folder = fixture.File("folder-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var (code, _, stderr) = RunMaria("eval", "--model", fixture.Package, "--data", folder);
        Assert.Equal(1, code);
        Assert.Contains("is a folder, not a file", Assert.Single(Lines(stderr)), StringComparison.Ordinal);
    }

    [Fact]
    public void Plot_png_is_a_png_image_of_real_size()
    {
        string png = fixture.File("eval-" + Guid.NewGuid().ToString("N") + ".png");
        var (code, _, stderr) = RunMaria("eval", "--model", fixture.Package, "--data", DataFile(), "--context", "16",
            "--mask-rates", "0.2,0.5,0.8", "--methods", "maria,ar", "--plot", png);
        Assert.True(code == 0, stderr);
        PlotFiles.AssertPng(png);
    }

    [Fact]
    public void Plot_svg_is_an_svg_document_with_the_method_names_in_its_legend()
    {
        string svg = fixture.File("eval-" + Guid.NewGuid().ToString("N") + ".svg");
        var (code, _, stderr) = RunMaria("eval", "--model", fixture.Package, "--data", DataFile(), "--context", "16",
            "--mask-rates", "0.2,0.5,0.8", "--methods", "product,mlm", "--plot", svg);
        Assert.True(code == 0, stderr);
        PlotFiles.AssertSvg(svg, ["product", "mlm", "masking rate"]);
    }

    private static double Nll(JsonNode root, string method, int rate) => root["methods"]![method]![rate]!["nll"]!.GetValue<double>();

    /// <summary>Runs eval with --json; the fixture package, a fresh data file and --context 16 unless the options name others.</summary>
    private JsonNode RunJson(params string[] options)
    {
        string[] model = options.Contains("--model") ? [] : ["--model", fixture.Package];
        string[] data = options.Contains("--data") ? [] : ["--data", DataFile()];
        string[] context = options.Contains("--context") ? [] : ["--context", "16"];
        string json = fixture.File("eval-" + Guid.NewGuid().ToString("N") + ".json");
        var (code, _, stderr) = RunMaria(["eval", .. model, .. data, .. context, .. options, "--json", json]);
        Assert.True(code == 0, stderr);
        return JsonNode.Parse(File.ReadAllText(json))!;
    }

    private string DataFile()
    {
        string path = fixture.File("eval-data-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllLines(path, Addresses.Select((text, i) =>
            new JsonObject { ["year"] = 1900 + i, ["name"] = "Test", ["party"] = "None", ["text"] = text }.ToJsonString()));
        return path;
    }

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
