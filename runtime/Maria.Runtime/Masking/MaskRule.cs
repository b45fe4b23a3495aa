namespace Maria.Runtime.Masking;

/// <summary>
/// The project's one masking rule (maria-method.md §4): a text of n positions masked at rate r gets
/// <c>max(1, round(r * n))</c> masks, rounding halves away from zero, never more than n; the masked positions are a
/// uniform sample without replacement (the first k slots of a partial Fisher-Yates shuffle of 0..n-1, slot j swapped
/// with slot j + NextInt(n - j)), returned in increasing order. Evaluation, benchmarks, comparisons, head training
/// (r ~ Beta), the infill arena (over words) and annealing (over the generated positions) all draw through it.
/// </summary>
internal static class MaskRule
{
    /// <summary>max(1, round(<paramref name="rate"/> * <paramref name="length"/>)), halves away from zero, at most <paramref name="length"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is below 1 or the rate is not in [0, 1].</exception>
    public static int Count(int length, double rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (!(rate >= 0 && rate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "a masking rate is a fraction in [0, 1]");
        }
        return Math.Min(length, Math.Max(1, (int)Math.Round(rate * length, MidpointRounding.AwayFromZero)));
    }

    /// <summary>The increasing masked positions ([Count(length, rate)]) of a text of <paramref name="length"/> positions.</summary>
    public static int[] Draw(int length, double rate, SeededRandom random) => Choose(length, Count(length, rate), random);

    /// <summary>
    /// The increasing masked positions of a text of <paramref name="length"/> positions at a rate drawn from
    /// Beta(<paramref name="alpha"/>, <paramref name="beta"/>) by the same generator (head training: the paper's 2.5, 2.5).
    /// </summary>
    public static int[] DrawWithBetaRate(int length, double alpha, double beta, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Draw(length, random.NextBeta(alpha, beta), random);
    }

    /// <summary>
    /// <paramref name="count"/> distinct indices of 0..<paramref name="population"/>-1, uniform without replacement,
    /// increasing (the partial Fisher-Yates shuffle of the rule).
    /// </summary>
    public static int[] Choose(int population, int count, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(population);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, population);
        var slots = new int[population];
        for (int i = 0; i < population; i++)
        {
            slots[i] = i;
        }
        for (int j = 0; j < count; j++)
        {
            int pick = j + random.NextInt(population - j);
            (slots[j], slots[pick]) = (slots[pick], slots[j]);
        }
        var chosen = slots[..count];
        Array.Sort(chosen);
        return chosen;
    }
}
