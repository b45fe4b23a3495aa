using Maria.Runtime.Blanks;
using Maria.Runtime.Sampling;

namespace Maria.Runtime.Infilling;

/// <summary>Options of one infilling call.</summary>
/// <param name="Sampling">How each masked token is chosen; greedy when null.</param>
/// <param name="Alternatives">How many of the most probable tokens each <see cref="FilledToken"/> lists in <see cref="FilledToken.Alternatives"/> (0: none).</param>
public sealed record InfillOptions(SamplingOptions? Sampling = null, int Alternatives = 0)
{
    /// <summary>Greedy infilling.</summary>
    public static InfillOptions Default { get; } = new();

    /// <summary>How <c>[WORD]</c> and <c>[BLANK]</c> blanks are filled (texts without them ignore this).</summary>
    public BlankOptions Blanks { get; init; } = BlankOptions.Default;

    /// <summary>The sampling options in force (greedy when none were given).</summary>
    public SamplingOptions EffectiveSampling => Sampling ?? SamplingOptions.Greedy;
}
