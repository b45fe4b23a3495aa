using Maria.Training.Data;
using TorchSharp;

namespace Maria.Training.HeadTraining;

/// <summary>
/// The head's training masks (maria-method.md §4): per sequence a rate r ~ Beta(a, b) (the paper's a = b = 2.5,
/// mean 0.5, most rates in 0.2..0.8), then max(1, round(r n)) of the n positions chosen uniformly without
/// replacement. Everything is drawn from a generator given by the caller, so a mask is a function of (seed, step,
/// sequence) and a resumed run redraws exactly the masks it would have drawn.
/// </summary>
internal sealed class HeadMasking
{
    private readonly double alpha;
    private readonly double beta;

    public HeadMasking(double alpha, double beta)
    {
        if (!(alpha > 0) || !(beta > 0))
        {
            throw new Runtime.MariaInputException($"the masking-rate distribution Beta({alpha}, {beta}) needs positive shape parameters; pass --mask-alpha and --mask-beta above 0");
        }
        this.alpha = alpha;
        this.beta = beta;
    }

    /// <summary>Draws r ~ Beta(a, b) with TorchSharp's Beta distribution on a generator seeded from <paramref name="random"/>.</summary>
    public double SampleRate(DeterministicRandom random)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(random.NextUInt64());
        var distribution = torch.distributions.Beta(torch.tensor(alpha, torch.float64), torch.tensor(beta, torch.float64), generator);
        return distribution.sample().item<double>();
    }

    /// <summary>Increasing masked positions for a sequence of <paramref name="length"/> tokens.</summary>
    public int[] Sample(int length, DeterministicRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        double rate = SampleRate(random);
        int count = MaskCount(rate, length);
        var positions = Enumerable.Range(0, length).ToArray();
        // Partial Fisher-Yates: the first `count` slots become a uniform sample without replacement.
        for (int i = 0; i < count; i++)
        {
            int j = i + random.NextInt(length - i);
            (positions[i], positions[j]) = (positions[j], positions[i]);
        }
        var chosen = positions[..count];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>max(1, round(r n)), rounding halves to even like Python's round.</summary>
    public static int MaskCount(double rate, int length) => Math.Clamp((int)Math.Round(rate * length, MidpointRounding.ToEven), 1, length);
}
