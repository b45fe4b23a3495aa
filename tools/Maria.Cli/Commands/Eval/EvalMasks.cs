namespace Maria.Cli.Commands.Eval;

/// <summary>
/// The masks of <c>maria eval</c>: for masking rate r and a window of n tokens, max(1, round(r * n)) distinct
/// positions drawn uniformly without replacement, returned in increasing order. The draw depends only on
/// (seed, rate, window index), so every method is scored on identical masks and a rerun draws them again exactly,
/// whatever methods, rates or other windows are evaluated.
/// </summary>
/// <remarks>
/// Rule: the rate is keyed as round(r * 1e6); the state is mix(mix(mix(K xor seed) xor rate key) xor window index)
/// with mix the SplitMix64 finaliser and K a fixed constant; each draw adds the golden-ratio increment to the state
/// and returns mix(state) (SplitMix64); the positions are the first k slots of a partial Fisher-Yates shuffle of 0..n-1, slot j
/// swapped with j + (next() mod (n - j)). Everything is integer arithmetic: identical on every machine and runtime.
/// </remarks>
internal static class EvalMasks
{
    /// <summary>SplitMix64's state increment (the 64-bit golden ratio).</summary>
    private const ulong Increment = 0x9E3779B97F4A7C15UL;

    /// <summary>max(1, round(rate * length)), half away from zero, never more than the window.</summary>
    public static int Count(int length, double rate) =>
        Math.Min(length, Math.Max(1, (int)Math.Round(rate * length, MidpointRounding.AwayFromZero)));

    /// <summary>The increasing masked positions of window <paramref name="windowIndex"/> ([Count(length, rate)]).</summary>
    public static int[] Draw(int length, double rate, int seed, int windowIndex)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        int count = Count(length, rate);
        ulong state = Mix(Mix(Mix(0x4D415249415F4556UL ^ (ulong)(uint)seed) ^ (ulong)Math.Round(rate * 1e6)) ^ (ulong)(uint)windowIndex);
        var positions = new int[length];
        for (int i = 0; i < length; i++)
        {
            positions[i] = i;
        }
        for (int j = 0; j < count; j++)
        {
            state += Increment;
            int pick = j + (int)(Mix(state) % (ulong)(length - j));
            (positions[j], positions[pick]) = (positions[pick], positions[j]);
        }
        var masks = positions[..count];
        Array.Sort(masks);
        return masks;
    }

    /// <summary>The SplitMix64 finaliser: a bijective 64-bit mix (Steele, Lea and Flood 2014).</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
