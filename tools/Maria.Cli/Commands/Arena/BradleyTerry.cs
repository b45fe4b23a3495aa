namespace Maria.Cli.Commands.Arena;

/// <summary>
/// Bradley-Terry ratings from pairwise outcomes on the Elo scale of the paper's Figure 4 (and of LLM arenas):
/// P(a beats b) = 1 / (1 + 10^((R_b - R_a) / 400)), mean rating 1000. Fitted by the minorisation-maximisation
/// iteration (Hunter 2004); every pair that met gets one virtual tie (half a win each way), so that a contestant who
/// always wins or always loses keeps a finite rating.
/// </summary>
internal static class BradleyTerry
{
    public const double Scale = 400;
    public const double Initial = 1000;

    /// <summary><paramref name="wins"/>[a, b]: a's score against b (1 per win, 0.5 per tie) summed over games; returns ratings.</summary>
    public static double[] Fit(double[,] wins)
    {
        int n = wins.GetLength(0);
        var games = new double[n, n];
        var score = new double[n];
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                if (a == b)
                {
                    continue;
                }
                games[a, b] = wins[a, b] + wins[b, a];
                if (games[a, b] > 0)
                {
                    games[a, b] += 1;   // the virtual tie
                    score[a] += wins[a, b] + 0.5;
                }
            }
        }
        var strength = Enumerable.Repeat(1.0, n).ToArray();
        for (int iteration = 0; iteration < 10_000; iteration++)
        {
            var next = new double[n];
            double change = 0;
            for (int a = 0; a < n; a++)
            {
                double denominator = 0;
                for (int b = 0; b < n; b++)
                {
                    if (b != a && games[a, b] > 0)
                    {
                        denominator += games[a, b] / (strength[a] + strength[b]);
                    }
                }
                next[a] = denominator > 0 ? score[a] / denominator : strength[a];
            }
            // Geometric mean 1 (mean rating 1000), in base 10 as the ratings are.
            double log10Mean = next.Average(Math.Log10);
            for (int a = 0; a < n; a++)
            {
                next[a] /= Math.Pow(10, log10Mean);
                change = Math.Max(change, Math.Abs(Math.Log(next[a] / strength[a])));
            }
            strength = next;
            if (change < 1e-10)
            {
                break;
            }
        }
        return strength.Select(s => Initial + Scale * Math.Log10(s)).ToArray();
    }
}
