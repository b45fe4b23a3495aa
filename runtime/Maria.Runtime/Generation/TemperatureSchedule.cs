namespace Maria.Runtime;

/// <summary>
/// How the sampling temperature of the refinement iterations falls (maria-method.md §7). Iteration k of K
/// (k = 1..K; iteration 0 is plain AR sampling at temperature 1) samples at T_k; T = 0 is greedy.
/// See <see cref="TemperatureScheduleExtensions.TemperatureAt"/> for the exact formulas.
/// </summary>
public enum TemperatureSchedule
{
    /// <summary>T_k = 1 - k / K: falls in equal steps from just below 1 to exactly 0, so the last iteration is greedy.</summary>
    Linear,

    /// <summary>T_k = (1 + cos(pi k / K)) / 2: stays near 1 longer, then falls faster, and also ends greedy (T_K = 0).</summary>
    Cosine,

    /// <summary>T_k = 1 for every k: plain re-sampling, no annealing.</summary>
    Constant,
}
