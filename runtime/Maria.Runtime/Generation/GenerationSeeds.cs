using Maria.Runtime.Masking;

namespace Maria.Runtime.Generation;

/// <summary>
/// Derives independent 64-bit seeds from the one in <see cref="GenerationOptions.Seed"/>. The draft (iteration 0)
/// uses the seed itself, so it equals plain AR sampling with that seed; refinement iteration k derives (seed, k) with
/// <see cref="SeededRandom.Derive"/>, one stream for the re-masked positions and one for the sampler.
/// </summary>
internal static class GenerationSeeds
{
    /// <summary>The AR draft's sampler seed.</summary>
    public static ulong Draft(ulong seed) => seed;

    /// <summary>The generator that picks the positions re-masked in iteration <paramref name="iteration"/>.</summary>
    public static SeededRandom Positions(ulong seed, int iteration) => SeededRandom.Derive(seed, 2UL * (ulong)iteration);

    /// <summary>Seed of the MARIA sampler of iteration <paramref name="iteration"/>.</summary>
    public static ulong Sampler(ulong seed, int iteration) => SeededRandom.Derive(seed, 2UL * (ulong)iteration + 1UL).NextUInt64();
}
