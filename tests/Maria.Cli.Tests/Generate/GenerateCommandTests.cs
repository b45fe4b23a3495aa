using System.Text.Json.Nodes;
using Maria.Cli.Tests.Infill;
using Maria.Runtime;
using Maria.Runtime.Sampling;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Generate;

/// <summary>`maria generate` on one iteration count: texts, JSON lines, seeds, prefix, scorer, bad input, cancellation.</summary>
[Collection(InfillPackageCollection.Name)]
public sealed class GenerateCommandTests(InfillPackageFixture fixture)
{
    private const string Prefix = "the state of the";

    [Fact]
    public void Each_sample_prints_its_text_and_the_same_seed_prints_the_same_texts()
    {
        string[] args = ["generate", "--model", fixture.Package, "--length", "10", "--iterations", "3", "--samples", "2", "--seed", "5"];
        var (code, stdout, stderr) = RunMaria(args);
        Assert.True(code == 0, stderr);
        Assert.Equal(stdout, RunMaria(args).Stdout);
        Assert.Equal(2, stdout.Split('\n').Length - 1);
        Assert.Contains("generate: sample 2/2, iteration 3/3", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lines_carry_seed_iterations_text_likelihood_and_seconds_with_seeds_counting_up()
    {
        var (code, stdout, stderr) = RunMaria("generate", "--model", fixture.Package, "--length", "8", "--iterations", "2", "--samples", "3", "--seed", "40", "--json");
        Assert.True(code == 0, stderr);
        var lines = Lines(stdout).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal([40UL, 41UL, 42UL], lines.Select(l => l["seed"]!.GetValue<ulong>()));
        Assert.All(lines, line =>
        {
            Assert.Equal(2, line["iterations"]!.GetValue<int>());
            Assert.Equal("anneal", line["method"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(line["text"]!.GetValue<string>()));
            Assert.True(line["ar_log_likelihood"]!.GetValue<double>() < 0);
            Assert.Equal(Math.Exp(-line["ar_log_likelihood"]!.GetValue<double>() / 8), line["ar_perplexity"]!.GetValue<double>(), 2);
            Assert.True(line["seconds"]!.GetValue<double>() > 0);
            Assert.Null(line["scorer_perplexity"]);
        });
    }

    [Fact]
    public void Zero_iterations_print_plain_autoregressive_sampling_after_the_prefix()
    {
        var (code, stdout, stderr) = RunMaria("generate", "--model", fixture.Package, "--length", "12", "--seed", "9", "--prefix", Prefix, "--json");
        Assert.True(code == 0, stderr);
        var line = JsonNode.Parse(Lines(stdout).Single())!.AsObject();
        Assert.Equal("ar-t1", line["method"]!.GetValue<string>());
        using var model = MariaModel.Load(fixture.Package);
        var prefix = model.Tokenizer.Encode(Prefix).ToArray();
        var plain = model.Baselines.Autoregressive(prefix, 12, new SamplingOptions(Temperature: 1f, Seed: 9));
        Assert.Equal(model.Tokenizer.Decode([.. prefix, .. plain.TokenIds]), line["text"]!.GetValue<string>());
        Assert.StartsWith(Prefix, line["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_scorer_package_adds_its_perplexity_which_equals_the_own_one_when_it_is_the_same_package()
    {
        var (code, stdout, stderr) = RunMaria("generate", "--model", fixture.Package, "--length", "8", "--iterations", "2", "--scorer", fixture.Package, "--json", "--prefix", Prefix);
        Assert.True(code == 0, stderr);
        var line = JsonNode.Parse(Lines(stdout).Single())!.AsObject();
        Assert.Equal(line["ar_perplexity"]!.GetValue<double>(), line["scorer_perplexity"]!.GetValue<double>(), 6);
    }

    [Theory]
    [InlineData("--length", "0", "length 0 is below 1")]
    [InlineData("--remask", "1.5", "re-mask fraction 1.5 is outside (0, 1]")]
    [InlineData("--iterations", "2,x", "--iterations: 'x' is not a whole number")]
    [InlineData("--iterations", "-1", "--iterations: '-1' is not a whole number")]
    [InlineData("--samples", "0", "--samples must be at least 1")]
    [InlineData("--length", "100000", "the model's context holds at most")]
    [InlineData("--prefix", "a [MASK] b", "special token '[MASK]'")]
    [InlineData("--scorer", "/no/such/scorer", "--scorer /no/such/scorer: no such package directory")]
    [InlineData("--plot", "figure.gif", "a sweep (a list of --iterations, --report or --plot) measures perplexity under an external scorer")]
    [InlineData("--iterations", "0,4", "pass --scorer PKG")]
    public void Bad_input_exits_1_with_one_line(string option, string value, string expected)
    {
        var args = new List<string> { "generate", "--model", fixture.Package, option, value };
        if (option != "--length")
        {
            args.AddRange(["--length", "8"]);
        }
        var (code, stdout, stderr) = RunMaria([.. args]);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(Lines(stderr), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plot_file_that_is_not_png_or_svg_is_refused_before_generating()
    {
        var (code, _, stderr) = RunMaria("generate", "--model", fixture.Package, "--length", "8", "--iterations", "0,1", "--scorer", fixture.Package, "--plot", "figure.gif");
        Assert.Equal(1, code);
        Assert.Contains("error: --plot figure.gif: unknown image format", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("generate:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_length_or_an_unknown_schedule_is_a_usage_error()
    {
        Assert.Equal(1, RunMaria("generate", "--model", fixture.Package).ExitCode);
        Assert.Equal(1, RunMaria("generate", "--model", fixture.Package, "--length", "8", "--schedule", "exponential").ExitCode);
    }

    [Fact]
    public void Every_schedule_name_is_accepted()
    {
        foreach (string schedule in new[] { "linear", "cosine", "constant" })
        {
            var (code, _, stderr) = RunMaria("generate", "--model", fixture.Package, "--length", "6", "--iterations", "2", "--schedule", schedule);
            Assert.True(code == 0, stderr);
        }
    }

    [Fact]
    public void Cancelling_before_any_text_exists_exits_130()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var (code, stdout, _) = MariaCli.RunMariaWith("", cancellation.Token, "generate", "--model", fixture.Package, "--length", "8", "--iterations", "2");
        Assert.Equal(130, code);
        Assert.Equal("", stdout);
    }
}
