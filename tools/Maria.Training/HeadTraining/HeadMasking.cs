using Maria.Runtime.Masking;

namespace Maria.Training.HeadTraining;

/// <summary>
/// The head's training masks (maria-method.md §4): per sequence a rate r ~ Beta(a, b) (the paper's a = b = 2.5,
/// mean 0.5, most rates in 0.2..0.8), then the project's <see cref="MaskRule"/> at r. Rate and positions are drawn
/// from one generator given by the caller, so a mask is a function of (seed, step, sequence) and a resumed run
/// redraws exactly the masks it would have drawn.
/// </summary>
internal sealed class HeadMasking
{
    private readonly double alpha;
    private readonly double beta;

    public HeadMasking(double alpha, double beta)
    {
        if (!(alpha > 0) || !(beta > 0) || double.IsInfinity(alpha) || double.IsInfinity(beta))
        {
            throw new Runtime.MariaInputException($"the masking-rate distribution Beta({alpha}, {beta}) needs positive, finite shape parameters; pass --mask-alpha and --mask-beta above 0");
        }
        this.alpha = alpha;
        this.beta = beta;
    }

    /// <summary>Increasing masked positions for a sequence of <paramref name="length"/> tokens.</summary>
    public int[] Sample(int length, SeededRandom random) => MaskRule.DrawWithBetaRate(length, alpha, beta, random);
}
