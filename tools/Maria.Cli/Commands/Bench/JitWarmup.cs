using System.Diagnostics;
using Maria.Runtime;
using Maria.Runtime.Baselines;

namespace Maria.Cli.Commands.Bench;

/// <summary>
/// Untimed MARIA decoding before anything is timed, until a number of masked tokens have been filled. .NET first
/// runs each method as quickly jitted tier-0 code and recompiles the hot ones after enough calls (tiered compilation);
/// measured here, the decode loop runs about half as fast for its first few hundred steps, so one warm-up run of a
/// short input measured mostly the JIT. The default (4,000 tokens) is well past that point on maria-tiny.
/// </summary>
internal static class JitWarmup
{
    public const int DefaultTokens = 4000;

    /// <summary>Decodes <paramref name="tokens"/> at <paramref name="masks"/> greedily until at least <paramref name="minimumTokens"/> tokens are filled; returns the count and time.</summary>
    public static (int Tokens, TimeSpan Elapsed) Run(MariaBaselines baselines, int[] tokens, int[] masks, int minimumTokens, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        int filled = 0;
        while (filled < minimumTokens && masks.Length > 0)
        {
            filled += baselines.Maria(tokens, masks, null, cancellation).TokenIds.Count;
        }
        return (filled, clock.Elapsed);
    }
}
