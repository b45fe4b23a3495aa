using System.Globalization;
using Maria.Runtime.Masking;

using Maria.Runtime.Generation;

namespace Maria.Runtime;

/// <summary>
/// Options of unconditional generation by simulated annealing (maria-method.md §7): draft <see cref="Length"/> tokens
/// with the causal model at temperature 1, then <see cref="Iterations"/> times re-mask a fraction of them and refill
/// the masks with MARIA at a falling temperature.
/// </summary>
/// <param name="Length">Number of tokens to generate after the prefix (at least 1).</param>
/// <param name="Iterations">Refinement iterations K (0 = plain AR sampling at temperature 1).</param>
/// <param name="RemaskFraction">Fraction f in (0, 1] of the generated tokens re-masked per iteration: max(1, round(f * Length)) positions.</param>
/// <param name="Schedule">How the refinement temperature falls from iteration 1 to K.</param>
/// <param name="Seed">Seed of every random choice; the same options on the same package give the same text.</param>
/// <param name="Prefix">Optional prompt text kept fixed at the start (never re-masked); null or empty for none.</param>
public sealed record GenerationOptions(
    int Length, int Iterations = 0, double RemaskFraction = 0.3, TemperatureSchedule Schedule = TemperatureSchedule.Linear,
    ulong Seed = 0, string? Prefix = null)
{
    /// <summary>Positions re-masked per refinement iteration: max(1, round(f * Length)), halves rounded away from zero.</summary>
    public int RemaskCount => Masking.MaskRule.Count(Length, RemaskFraction);

    /// <summary>Throws a one-line <see cref="MariaInputException"/> naming the first invalid value and its valid range.</summary>
    public void Validate()
    {
        if (Length < 1)
        {
            throw new MariaInputException($"generation length {Length} is below 1; generate at least one token");
        }
        if (Iterations < 0)
        {
            throw new MariaInputException($"{Iterations} refinement iterations is negative; give 0 (plain AR sampling) or more");
        }
        if (!(RemaskFraction > 0 && RemaskFraction <= 1))
        {
            throw new MariaInputException($"re-mask fraction {RemaskFraction.ToString(CultureInfo.InvariantCulture)} is outside (0, 1]; give a fraction such as 0.3");
        }
        if (!Enum.IsDefined(Schedule))
        {
            throw new MariaInputException($"temperature schedule {(int)Schedule} is not one of linear, cosine, constant");
        }
    }
}
