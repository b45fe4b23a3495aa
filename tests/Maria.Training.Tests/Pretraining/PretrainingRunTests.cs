using Maria.Export.Configs;
using Maria.Training.Pretraining;
using TorchSharp;

namespace Maria.Training.Tests.Pretraining;

[Collection(TorchCollection.Name)]
public class PretrainingRunTests
{
    private static readonly PretrainingSettings Settings = new()
    {
        Steps = 6,
        BatchSize = 4,
        SequenceLength = 16,
        LearningRate = 3e-3,
        WarmupSteps = 2,
        EvaluateEvery = 3,
        Seed = 42,
    };

    public PretrainingRunTests() => torch.set_num_threads(1);

    public static TheoryData<string> Architectures => new() { "olmo", "modernbert" };

    private static ModelConfig Config(string architecture) => architecture == "olmo" ? TinyPretraining.Olmo() : TinyPretraining.ModernBert();

    [Theory]
    [MemberData(nameof(Architectures))]
    public void A_resumed_run_reproduces_the_losses_of_an_uninterrupted_run(string architecture)
    {
        var config = Config(architecture);
        using var temporary = new TemporaryFolder();
        string straight = temporary.Path;
        using var temporary2 = new TemporaryFolder();
        string interrupted = temporary2.Path;
        float[] expected;
        IReadOnlyDictionary<string, double> expectedEvaluation;
        using (var run = TinyPretraining.Run(config, Settings, straight, resume: false))
        {
            run.Run();
            expected = run.Losses.ToArray();
            expectedEvaluation = run.LastEvaluation;
        }

        var actual = new List<float>();
        using (var firstHalf = TinyPretraining.Run(config, Settings, interrupted, resume: false))
        {
            firstHalf.Run(stopAtStep: 4);
            actual.AddRange(firstHalf.Losses);
        }
        using (var secondHalf = TinyPretraining.Run(config, Settings, interrupted, resume: true))
        {
            Assert.Equal(4, secondHalf.Step);
            secondHalf.Run();
            actual.AddRange(secondHalf.Losses);
            Assert.Equal(expectedEvaluation, secondHalf.LastEvaluation);
        }

        Assert.Equal(6, expected.Length);
        Assert.Equal(expected, actual);
        Assert.Equal(File.ReadAllLines(Path.Combine(straight, "training-log.csv")).Select(WithoutTimings),
            File.ReadAllLines(Path.Combine(interrupted, "training-log.csv")).Select(WithoutTimings));
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void The_loss_falls_on_a_tiny_repeated_corpus(string architecture)
    {
        var settings = Settings with { Steps = 160, LearningRate = 1e-2, WarmupSteps = 10, EvaluateEvery = 0 };
        using var temporary3 = new TemporaryFolder();
        using var run = TinyPretraining.Run(Config(architecture), settings, temporary3.Path, resume: false);

        run.Run();

        float first = run.Losses[0], last = run.Losses.TakeLast(5).Average();
        Assert.True(last < 0.5 * first, $"loss went from {first} to {last} (mean of the last 5 steps)");
    }

    [Fact]
    public void Resuming_with_different_settings_is_refused()
    {
        using var temporary4 = new TemporaryFolder();
        string output = temporary4.Path;
        using (var run = TinyPretraining.Run(TinyPretraining.Olmo(), Settings, output, resume: false))
        {
            run.Run(stopAtStep: 1);
        }

        var error = Assert.Throws<Runtime.MariaInputException>(
            () => TinyPretraining.Run(TinyPretraining.Olmo(), Settings with { LearningRate = 1e-4 }, output, resume: true));

        Assert.Contains("different settings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluation_reports_masked_accuracy_and_perplexity_at_15_and_30_percent()
    {
        using var temporary5 = new TemporaryFolder();
        using var run = TinyPretraining.Run(TinyPretraining.ModernBert(), Settings, temporary5.Path, resume: false);

        run.RunEvaluation();

        Assert.Equal(["masked15_accuracy", "masked15_perplexity", "masked30_accuracy", "masked30_perplexity"], run.LastEvaluation.Keys);
        Assert.InRange(run.LastEvaluation["masked30_accuracy"], 0.0, 1.0);
        // An untrained model is close to uniform over the 128 rows.
        Assert.InRange(run.LastEvaluation["masked30_perplexity"], 60, 250);
    }

    /// <summary>Drops the tokens/s and elapsed columns, which are timings, not results.</summary>
    private static string WithoutTimings(string line)
    {
        string[] cells = line.Split(',');
        return string.Join(",", cells.Take(3).Concat(cells.Skip(5)));
    }
}
