namespace Maria.Runtime;

/// <summary>The exact temperature formulas of <see cref="TemperatureSchedule"/>.</summary>
public static class TemperatureScheduleExtensions
{
    /// <summary>
    /// The temperature T_k of refinement iteration <paramref name="iteration"/> (k, 1..K) out of
    /// <paramref name="iterations"/> (K): linear 1 - k/K, cosine (1 + cos(pi k/K)) / 2, constant 1.
    /// Iteration 0 (the AR draft) is always sampled at temperature 1 and is not covered by a schedule.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">k is outside 1..K, or the schedule is not a defined value.</exception>
    public static double TemperatureAt(this TemperatureSchedule schedule, int iteration, int iterations)
    {
        if (iterations < 1 || iteration < 1 || iteration > iterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iteration), iteration, $"a refinement iteration is numbered 1..{iterations}");
        }
        double progress = (double)iteration / iterations;
        double temperature = schedule switch
        {
            TemperatureSchedule.Linear => 1.0 - progress,
            TemperatureSchedule.Cosine => (1.0 + Math.Cos(Math.PI * progress)) / 2.0,
            TemperatureSchedule.Constant => 1.0,
            _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "not a defined temperature schedule"),
        };
        // cos(pi) is -1 exactly in IEEE doubles, but guard the last step against rounding so it is truly greedy.
        return iteration == iterations && schedule != TemperatureSchedule.Constant ? 0.0 : Math.Max(0.0, temperature);
    }
}
