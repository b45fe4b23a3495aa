namespace Maria.Runtime.Generation;

/// <summary>
/// Derives independent 64-bit seeds from the one in <see cref="GenerationOptions.Seed"/>. The draft (iteration 0)
/// uses the seed itself, so it equals plain AR sampling with that seed; refinement iteration k mixes (seed, k) with
/// SplitMix64, one stream for the re-masked positions and one for the sampler.
/// </summary>
internal static class GenerationSeeds
{
    private const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;

    /// <summary>The AR draft's sampler seed.</summary>
    public static ulong Draft(ulong seed) => seed;

    /// <summary>Seed of the generator that picks the positions re-masked in iteration <paramref name="iteration"/>.</summary>
    public static ulong Positions(ulong seed, int iteration) => Mix(seed + GoldenGamma * (2UL * (ulong)iteration));

    /// <summary>Seed of the MARIA sampler of iteration <paramref name="iteration"/>.</summary>
    public static ulong Sampler(ulong seed, int iteration) => Mix(seed + GoldenGamma * (2UL * (ulong)iteration + 1UL));

    /// <summary>A <see cref="Random"/> seeded by folding a 64-bit seed into the 32 bits it takes.</summary>
    public static Random Random(ulong seed) => new(unchecked((int)(seed ^ (seed >> 32))));

    /// <summary>SplitMix64's finaliser: a bijective mix so that nearby inputs give unrelated outputs.</summary>
    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
