namespace Maria.Runtime.Blanks;

/// <summary>
/// A partial filling in the beam: the slots before <see cref="NextSlot"/> have their chosen tokens, the others still
/// one placeholder each. <see cref="Score"/> covers the text up to the next undecided slot, so hypotheses at the same
/// step explain the same characters and their scores compare.
/// </summary>
internal sealed class BlankHypothesis
{
    private BlankHypothesis(int[] tokens, int[] starts, int[][] fills, float[][] probabilities, IReadOnlyList<BlankCandidate>[] alternatives, int nextSlot, double score)
    {
        Tokens = tokens;
        Starts = starts;
        Fills = fills;
        Probabilities = probabilities;
        Alternatives = alternatives;
        NextSlot = nextSlot;
        Score = score;
    }

    /// <summary>The text's tokens with decided slots filled and undecided ones as one placeholder ([n]).</summary>
    public int[] Tokens { get; }

    /// <summary>Token index where each slot starts.</summary>
    public int[] Starts { get; }

    /// <summary>The chosen tokens of each decided slot.</summary>
    public int[][] Fills { get; }

    /// <summary>The proposer's probability of each chosen token.</summary>
    public float[][] Probabilities { get; }

    /// <summary>The candidates weighed at each decided slot, best first.</summary>
    public IReadOnlyList<BlankCandidate>[] Alternatives { get; }

    /// <summary>The first undecided slot.</summary>
    public int NextSlot { get; }

    /// <summary>The search's score so far (natural log).</summary>
    public double Score { get; }

    public static BlankHypothesis Start(BlankTemplate template) => new(
        template.Tokens, [.. template.Slots.Select(s => s.Position)], new int[template.Slots.Length][],
        new float[template.Slots.Length][], new IReadOnlyList<BlankCandidate>[template.Slots.Length], 0, 0);

    /// <summary>The tokens with the next slot's placeholder widened to <paramref name="fill"/> ([n + fill - 1]).</summary>
    public int[] WithNextSlot(ReadOnlySpan<int> fill)
    {
        int start = Starts[NextSlot];
        var tokens = new int[Tokens.Length + fill.Length - 1];
        Tokens.AsSpan(0, start).CopyTo(tokens);
        fill.CopyTo(tokens.AsSpan(start));
        Tokens.AsSpan(start + 1).CopyTo(tokens.AsSpan(start + fill.Length));
        return tokens;
    }

    /// <summary>Where the scored text ends once the next slot holds <paramref name="length"/> tokens: the following slot, or the end.</summary>
    public int ScoredEnd(int length) =>
        NextSlot + 1 < Starts.Length ? Starts[NextSlot + 1] + length - 1 : Tokens.Length + length - 1;

    /// <summary>This filling with the next slot decided.</summary>
    public BlankHypothesis Extend(int[] fill, float[] probabilities, double score, IReadOnlyList<BlankCandidate> alternatives)
    {
        var starts = (int[])Starts.Clone();
        for (int s = NextSlot + 1; s < starts.Length; s++)
        {
            starts[s] += fill.Length - 1;
        }
        var fills = (int[][])Fills.Clone();
        var probs = (float[][])Probabilities.Clone();
        var alts = (IReadOnlyList<BlankCandidate>[])Alternatives.Clone();
        fills[NextSlot] = fill;
        probs[NextSlot] = probabilities;
        alts[NextSlot] = alternatives;
        return new BlankHypothesis(WithNextSlot(fill), starts, fills, probs, alts, NextSlot + 1, score);
    }
}
