namespace Maria.Cli.Commands.EvalBlanks;

/// <summary>Running totals of one (kind, proposer) cell of <c>maria eval-blanks</c>.</summary>
internal sealed class BlankEvalTally
{
    public int Blanks { get; private set; }
    public int ExactMatches { get; private set; }
    public int RightLengths { get; private set; }
    public long ChosenTokens { get; private set; }
    public long TrueTokens { get; private set; }
    public int Ranked { get; private set; }
    public long RankSum { get; private set; }
    public int RankedFirst { get; private set; }
    public TimeSpan Time { get; private set; }

    public double ExactMatchRate => Blanks == 0 ? 0 : (double)ExactMatches / Blanks;
    public double LengthAccuracy => Blanks == 0 ? 0 : (double)RightLengths / Blanks;
    public double MeanChosenTokens => Blanks == 0 ? 0 : (double)ChosenTokens / Blanks;
    public double MeanTrueTokens => Blanks == 0 ? 0 : (double)TrueTokens / Blanks;
    public double MeanTrueRank => Ranked == 0 ? 0 : (double)RankSum / Ranked;
    public double TrueRankedFirstRate => Ranked == 0 ? 0 : (double)RankedFirst / Ranked;
    public double MillisecondsPerBlank => Blanks == 0 ? 0 : Time.TotalMilliseconds / Blanks;

    /// <param name="exact">The fill decodes to the removed span.</param>
    /// <param name="chosen">Tokens the fill has.</param>
    /// <param name="truth">Tokens the removed span has.</param>
    /// <param name="rank">1 + the candidates the search scored above the true span; 0 when the filler scores no candidates.</param>
    /// <param name="time">The fill's wall time.</param>
    public void Add(bool exact, int chosen, int truth, int rank, TimeSpan time)
    {
        Blanks++;
        ExactMatches += exact ? 1 : 0;
        RightLengths += chosen == truth ? 1 : 0;
        ChosenTokens += chosen;
        TrueTokens += truth;
        if (rank > 0)
        {
            Ranked++;
            RankSum += rank;
            RankedFirst += rank == 1 ? 1 : 0;
        }
        Time += time;
    }
}
