using System.Globalization;
using Maria.Export.Head;
using Maria.Training.Tests.Pretraining;

namespace Maria.Training.Tests.HeadTraining;

/// <summary><c>maria-train head</c> end to end on a real package, and its refusals.</summary>
[Collection(TorchCollection.Name)]
public sealed class HeadCommandTests(ShippedBackbonePackage fixture) : IClassFixture<ShippedBackbonePackage>
{
    [Fact]
    public void Writes_a_head_the_exporter_reads_with_its_training_facts_and_a_csv_log()
    {
        string folder = fixture.NewFolder();
        string output = Path.Combine(folder, "head.safetensors");
        var (code, stdout, stderr) = TrainCli.Run(Arguments(output, ("--steps", "3"), ("--eval-every", "2")));
        Assert.True(code == 0, stderr);
        Assert.Equal(output, stdout.Trim());

        using var head = MariaHead.FromSafetensors(output, 4096, 256, 256);
        var facts = head.Training!;
        Assert.Equal("3", facts["steps"]);
        Assert.Equal("product", facts["init"]);
        Assert.Equal("train.jsonl", facts["training_data"]);
        Assert.Equal(64, facts["training_data_sha256"].Length);
        double finalLoss = double.Parse(facts["validation_loss"], CultureInfo.InvariantCulture);

        var log = File.ReadAllLines(Path.Combine(folder, "head.run", "training-log.csv"));
        Assert.Equal("step,loss,learning_rate,tokens_per_second,elapsed_seconds,resident_mib,validation_loss", log[0]);
        Assert.Equal(["0", "1", "2", "3"], log.Skip(1).Select(l => l.Split(',')[0]));
        // Validated at step 0, at --eval-every and at the end; the file's loss is the last validation.
        Assert.Equal(["0", "2", "3"], log.Skip(1).Where(l => l.Split(',')[6].Length > 0).Select(l => l.Split(',')[0]));
        Assert.Equal(finalLoss, double.Parse(log[^1].Split(',')[6], CultureInfo.InvariantCulture));
        Assert.Contains("validation step 0:", stderr, StringComparison.Ordinal);
        Assert.Contains("tok/s", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_limit_stops_without_writing_the_head_and_resume_finishes_it()
    {
        string folder = fixture.NewFolder();
        string output = Path.Combine(folder, "head.safetensors");
        var (code, _, stderr) = TrainCli.Run(Arguments(output, ("--init", "random"), ("--steps", "3"), ("--time-limit-minutes", "0.000001")));
        Assert.True(code == 0, stderr);
        Assert.Contains("stopped at step 0 of 3", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));

        (code, _, stderr) = TrainCli.Run([.. Arguments(output, ("--init", "random"), ("--steps", "3")), "--resume"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("resumed from step 0", stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(output));
    }

    [Theory]
    [InlineData("--init", "product-ish", "--init 'product-ish' is not known")]
    [InlineData("--seq-len", "5000", "longer than the package's context")]
    [InlineData("--lr", "0", "--lr 0 must be a positive number")]
    [InlineData("--mask-alpha", "0", "Beta(0, 2.5)")]
    public void Bad_options_exit_1_with_one_line(string option, string value, string expected)
    {
        string output = Path.Combine(fixture.NewFolder(), "head.safetensors");
        var (code, stdout, stderr) = TrainCli.Run(Arguments(output, (option, value)));
        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains(expected, Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public void Product_initialisation_refuses_checkpoints_the_package_was_not_exported_from()
    {
        string output = Path.Combine(fixture.NewFolder(), "head.safetensors");
        // The MLM folder passed as --ar: its config.json is not the one the package recorded.
        var (code, _, stderr) = TrainCli.Run(Arguments(output, ("--ar", fixture.MlmCheckpoint)));
        Assert.Equal(1, code);
        Assert.Contains("--ar", stderr, StringComparison.Ordinal);
        Assert.Contains("differs from the file the package was exported from", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Product_initialisation_without_the_checkpoints_names_the_options()
    {
        string output = Path.Combine(fixture.NewFolder(), "head.safetensors");
        var (code, _, stderr) = TrainCli.Run(["head", "--model", fixture.Package, "--data", fixture.TrainingData, "--validation", fixture.ValidationData, "--output", output]);
        Assert.Equal(1, code);
        Assert.Contains("--init product needs --ar and --mlm", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reserved_split_is_refused_before_anything_is_read()
    {
        string output = Path.Combine(fixture.NewFolder(), "head.safetensors");
        string reserved = Path.Combine(RepositoryFiles.Root, "data", "sotu", "reserved", "test.jsonl");
        var (code, _, stderr) = TrainCli.Run(Arguments(output, ("--validation", reserved)));
        Assert.Equal(1, code);
        Assert.Contains("reserved", stderr, StringComparison.Ordinal);
    }

    /// <summary>A small run's command line; <paramref name="overrides"/> replace or add options.</summary>
    private string[] Arguments(string output, params (string Option, string Value)[] overrides)
    {
        var options = new Dictionary<string, string>
        {
            ["--model"] = fixture.Package, ["--ar"] = fixture.ArCheckpoint, ["--mlm"] = fixture.MlmCheckpoint,
            ["--data"] = fixture.TrainingData, ["--validation"] = fixture.ValidationData, ["--output"] = output,
            ["--steps"] = "2", ["--batch"] = "2", ["--micro-batch"] = "1", ["--seq-len"] = "24", ["--warmup"] = "1",
            ["--validation-sequences"] = "2", ["--lr"] = "1e-4", ["--threads"] = "1",
        };
        foreach (var (option, value) in overrides)
        {
            options[option] = value;
        }
        return ["head", .. options.SelectMany(p => new[] { p.Key, p.Value })];
    }

}
