namespace Maria.Training.Data;

/// <summary>
/// A small seeded generator (SplitMix64) whose whole state is one number, so that every random choice of the
/// data pipeline (epoch order, masks) can be re-derived from (seed, purpose, index) instead of being saved:
/// resuming at step s recreates exactly the generators the uninterrupted run used at step s.
/// Not thread-safe; create one per use.
/// </summary>
internal sealed class DeterministicRandom
{
    private ulong state;

    /// <summary>Starts a generator from a seed.</summary>
    public DeterministicRandom(ulong seed) => state = seed;

    /// <summary>A generator for one purpose (e.g. "masks") and one index (e.g. the step) of a run with this seed.</summary>
    public static DeterministicRandom For(long seed, string purpose, long index)
    {
        ulong mixed = Mix((ulong)seed);
        foreach (char c in purpose)
        {
            mixed = Mix(mixed ^ c);
        }
        return new DeterministicRandom(Mix(mixed ^ (ulong)index));
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    /// <summary>A uniform integer in [0, <paramref name="exclusiveMax"/>).</summary>
    public int NextInt(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        // Rejection keeps the result exactly uniform.
        ulong limit = ulong.MaxValue - (ulong.MaxValue % (ulong)exclusiveMax);
        ulong value;
        do
        {
            value = NextUInt64();
        }
        while (value >= limit);
        return (int)(value % (ulong)exclusiveMax);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher-Yates).</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
