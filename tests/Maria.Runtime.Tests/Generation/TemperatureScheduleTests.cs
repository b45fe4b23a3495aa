using Maria.Runtime.Generation;

namespace Maria.Runtime.Tests.Generation;

/// <summary>The documented temperature formulas of the refinement iterations.</summary>
public sealed class TemperatureScheduleTests
{
    [Theory]
    [InlineData(1, 4, 0.75)]
    [InlineData(2, 4, 0.5)]
    [InlineData(3, 4, 0.25)]
    [InlineData(4, 4, 0.0)]
    [InlineData(1, 1, 0.0)]
    public void Linear_falls_as_one_minus_k_over_K_and_ends_greedy(int k, int iterations, double expected) =>
        Assert.Equal(expected, TemperatureSchedule.Linear.TemperatureAt(k, iterations), 12);

    [Fact]
    public void Cosine_is_half_of_one_plus_cos_pi_k_over_K_and_ends_greedy()
    {
        const int iterations = 6;
        for (int k = 1; k <= iterations; k++)
        {
            double expected = (1 + Math.Cos(Math.PI * k / iterations)) / 2;
            Assert.Equal(expected, TemperatureSchedule.Cosine.TemperatureAt(k, iterations), 12);
        }
        Assert.Equal(0.5, TemperatureSchedule.Cosine.TemperatureAt(3, iterations), 12);
        Assert.Equal(0.0, TemperatureSchedule.Cosine.TemperatureAt(iterations, iterations));
    }

    [Fact]
    public void Constant_is_one_at_every_iteration()
    {
        for (int k = 1; k <= 5; k++)
        {
            Assert.Equal(1.0, TemperatureSchedule.Constant.TemperatureAt(k, 5));
        }
    }

    [Fact]
    public void Schedules_never_increase_from_one_iteration_to_the_next()
    {
        foreach (var schedule in Enum.GetValues<TemperatureSchedule>())
        {
            for (int k = 2; k <= 16; k++)
            {
                Assert.True(schedule.TemperatureAt(k, 16) <= schedule.TemperatureAt(k - 1, 16), $"{schedule} rises at k={k}");
            }
        }
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(5, 4)]
    [InlineData(1, 0)]
    public void An_iteration_outside_one_to_K_is_rejected(int k, int iterations) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TemperatureSchedule.Linear.TemperatureAt(k, iterations));
}
