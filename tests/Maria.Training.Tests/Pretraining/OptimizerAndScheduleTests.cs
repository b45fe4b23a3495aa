using Maria.Training.Loop;
using Maria.Training.Pretraining;
using TorchSharp;

namespace Maria.Training.Tests.Pretraining;

[Collection(TorchCollection.Name)]
public class OptimizerAndScheduleTests
{
    [Fact]
    public void Learning_rate_warms_up_linearly_then_decays_by_cosine_to_a_tenth()
    {
        var schedule = new LearningRateSchedule(PeakLearningRate: 1e-3, WarmupSteps: 10, TotalSteps: 110);

        Assert.Equal(1e-4, schedule.At(0), 12);
        Assert.Equal(5e-4, schedule.At(4), 12);
        Assert.Equal(1e-3, schedule.At(10), 12);
        Assert.Equal(1e-3 * (0.1 + 0.9 * 0.5), schedule.At(60), 12);
        Assert.Equal(1e-4, schedule.At(110), 12);
        Assert.True(schedule.At(30) > schedule.At(31));
    }

    [Theory]
    [InlineData("olmo")]
    [InlineData("modernbert")]
    public void Weight_decay_applies_to_matrices_but_not_to_norms_or_biases(string architecture)
    {
        using var model = PretrainingModels.Create(architecture == "olmo" ? TinyPretraining.Olmo() : TinyPretraining.ModernBert(), seed: 1);

        var decayed = OptimizerFactory.DecayedParameterNames(model.Module);
        var all = model.Module.named_parameters().Select(p => p.name).ToArray();

        Assert.NotEmpty(decayed);
        Assert.Contains(decayed, n => n.Contains("embed", StringComparison.Ordinal));
        Assert.DoesNotContain(decayed, n => n.EndsWith(".bias", StringComparison.Ordinal) || n.Contains("norm", StringComparison.Ordinal));
        Assert.Equal(all.Where(n => n.EndsWith(".weight", StringComparison.Ordinal) && !n.Contains("norm", StringComparison.Ordinal)), decayed);
    }

    [Theory]
    [InlineData("olmo")]
    [InlineData("modernbert")]
    public void Every_parameter_is_optimised_once(string architecture)
    {
        using var model = PretrainingModels.Create(architecture == "olmo" ? TinyPretraining.Olmo() : TinyPretraining.ModernBert(), seed: 1);

        var handles = model.Module.parameters().Select(p => p.Handle).ToArray();

        Assert.Equal(handles.Length, handles.Distinct().Count());
        Assert.Equal(model.Module.named_parameters().Count(), handles.Length);
    }

    [Fact]
    public void The_same_seed_builds_the_same_initial_weights()
    {
        using var first = PretrainingModels.Create(TinyPretraining.Olmo(), seed: 5);
        using var second = PretrainingModels.Create(TinyPretraining.Olmo(), seed: 5);
        using var other = PretrainingModels.Create(TinyPretraining.Olmo(), seed: 6);

        var a = first.Module.parameters().First();
        Assert.True(a.allclose(second.Module.parameters().First(), rtol: 0, atol: 0));
        Assert.False(a.allclose(other.Module.parameters().First(), rtol: 0, atol: 0));
    }
}
