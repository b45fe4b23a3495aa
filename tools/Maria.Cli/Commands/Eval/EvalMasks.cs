using Maria.Runtime.Masking;

namespace Maria.Cli.Commands.Eval;

/// <summary>
/// The masks of <c>maria eval</c>: the project's <see cref="MaskRule"/> (max(1, round(r * n)) positions, uniform
/// without replacement, increasing) drawn by a generator derived from (seed, rate, window index) alone, so every method
/// is scored on identical masks and a rerun draws them again exactly, whatever methods, rates or other windows are
/// evaluated.
/// </summary>
/// <remarks>
/// Keys: <see cref="SeededRandom.Derive"/>(seed, "MARIA_EV" as a 64-bit constant, round(r * 1e6), window index).
/// </remarks>
internal static class EvalMasks
{
    /// <summary>The stream key of evaluation masks: the ASCII bytes "MARIA_EV".</summary>
    private const ulong Stream = 0x4D415249415F4556UL;

    /// <summary>The increasing masked positions of window <paramref name="windowIndex"/> ([MaskRule.Count(length, rate)]).</summary>
    public static int[] Draw(int length, double rate, int seed, int windowIndex) =>
        MaskRule.Draw(length, rate, SeededRandom.Derive((uint)seed, Stream, (ulong)Math.Round(rate * 1e6), (uint)windowIndex));
}
