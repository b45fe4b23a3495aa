using Maria.Runtime.Sampling;

using Maria.Runtime.Infilling;

namespace Maria.Runtime;

/// <summary>Options of one infilling call.</summary>
/// <param name="Sampling">How each masked token is chosen; greedy when null.</param>
/// <param name="Alternatives">How many of the most probable tokens each <see cref="FilledToken"/> lists in <see cref="FilledToken.Alternatives"/> (0: none).</param>
public sealed record InfillOptions(SamplingOptions? Sampling = null, int Alternatives = 0)
{
    /// <summary>Greedy infilling.</summary>
    public static InfillOptions Default { get; } = new();

    /// <summary>How <c>[WORD]</c> and <c>[BLANK]</c> blanks are filled (texts without them ignore this).</summary>
    public BlankOptions Blanks { get; init; } = BlankOptions.Default;

    /// <summary>
    /// Throws a one-line <see cref="MariaInputException"/> naming the first invalid value: the sampling options
    /// (<see cref="SamplingOptions.Validate"/>) or a negative number of alternatives. <see cref="Blanks"/> is checked
    /// when a text has blanks (<see cref="BlankOptions.Validate"/>).
    /// </summary>
    /// <exception cref="MariaInputException">An option is out of its range.</exception>
    public void Validate()
    {
        Sampling?.Validate();
        if (Alternatives < 0)
        {
            throw new MariaInputException($"alternatives {Alternatives} is negative; give 0 (none) or how many of the most probable tokens to list per mask, such as 5");
        }
    }

    /// <summary>The sampling options in force (greedy when none were given).</summary>
    public SamplingOptions EffectiveSampling => Sampling ?? SamplingOptions.Greedy;
}
