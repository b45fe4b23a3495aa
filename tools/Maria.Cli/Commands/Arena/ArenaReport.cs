using System.Globalization;
using System.Text.Json;
using Maria.Export.Files;
using Maria.Runtime;
using Maria.Runtime.Masking;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Arena;

/// <summary>Ratings per judge with bootstrap intervals, and the plain averages beside them.</summary>
internal sealed record ArenaReport(ArenaRating[] Scorer, ArenaRating[] Accuracy, double[] MeanScorerNll, double[] MeanAccuracy, double[] ScorerWinRateAgainstTruth)
{
    public static ArenaReport Build(IReadOnlyList<ArenaJudgement> judged, int bootstrap, int seed)
    {
        int n = ArenaJudgement.Contestants.Length;
        int tokens = judged[0].Window.Tokens.Length;
        return new ArenaReport(
            Rate(judged, j => j.ScorerLogLikelihood, bootstrap, seed),
            Rate(judged, j => j.Accuracy, bootstrap, seed),
            [.. Enumerable.Range(0, n).Select(c => -judged.Average(j => j.ScorerLogLikelihood[c]) / tokens)],
            [.. Enumerable.Range(0, n).Select(c => judged.Average(j => j.Accuracy[c]))],
            [.. Enumerable.Range(0, n).Select(c => judged.Average(j => ArenaJudgement.Outcome(j.ScorerLogLikelihood[c], j.ScorerLogLikelihood[0])))]);
    }

    private static ArenaRating[] Rate(IReadOnlyList<ArenaJudgement> judged, Func<ArenaJudgement, double[]> measure, int bootstrap, int seed)
    {
        var ratings = BradleyTerry.Fit(Wins(judged, measure));
        var samples = new List<double[]>(bootstrap);
        var random = SeededRandom.For(seed, "arena-bootstrap", 0);
        for (int b = 0; b < bootstrap; b++)
        {
            var resample = Enumerable.Range(0, judged.Count).Select(_ => judged[random.NextInt(judged.Count)]).ToList();
            samples.Add(BradleyTerry.Fit(Wins(resample, measure)));
        }
        return [.. ratings.Select((r, c) =>
        {
            var sorted = samples.Select(s => s[c]).Order().ToArray();
            return sorted.Length == 0
                ? new ArenaRating(ArenaJudgement.Contestants[c], r, r, r)
                : new ArenaRating(ArenaJudgement.Contestants[c], r, sorted[(int)(0.025 * (sorted.Length - 1))], sorted[(int)Math.Ceiling(0.975 * (sorted.Length - 1))]);
        })];
    }

    /// <summary>Every pair of contestants meets once per window.</summary>
    private static double[,] Wins(IReadOnlyList<ArenaJudgement> judged, Func<ArenaJudgement, double[]> measure)
    {
        int n = ArenaJudgement.Contestants.Length;
        var wins = new double[n, n];
        foreach (var judgement in judged)
        {
            var values = measure(judgement);
            for (int a = 0; a < n; a++)
            {
                for (int b = 0; b < n; b++)
                {
                    if (a != b)
                    {
                        wins[a, b] += ArenaJudgement.Outcome(values[a], values[b]);
                    }
                }
            }
        }
        return wins;
    }

    public void WriteTable(TextWriter output, int windows, int length, double rate)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{windows} windows of {length} tokens, {rate:P0} of the words masked; Bradley-Terry ratings (Elo scale, mean 1000) with 95% bootstrap intervals"));
        output.WriteLine("| contestant | rating, scorer judge | rating, accuracy judge | scorer NLL/token | token accuracy | scorer prefers it to the truth |");
        output.WriteLine("|---|---|---|---|---|---|");
        for (int c = 0; c < Scorer.Length; c++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Scorer[c].Contestant} | {Scorer[c].Rating:F0} [{Scorer[c].Low:F0}, {Scorer[c].High:F0}] | {Accuracy[c].Rating:F0} [{Accuracy[c].Low:F0}, {Accuracy[c].High:F0}] | {MeanScorerNll[c]:F3} | {MeanAccuracy[c]:F3} | {(c == 0 ? "-" : ScorerWinRateAgainstTruth[c].ToString("P1", CultureInfo.InvariantCulture))} |"));
        }
    }

    public void WriteJson(string path, IReadOnlyList<ArenaJudgement> judged, MariaModel model, MariaModel scorer, int windows, int length, double rate, int seed)
    {
        var document = new
        {
            model = model.Directory,
            scorer = scorer.Directory,
            windows,
            length,
            maskRate = rate,
            seed,
            contestants = ArenaJudgement.Contestants,
            scorerRatings = Scorer,
            accuracyRatings = Accuracy,
            meanScorerNllPerToken = MeanScorerNll,
            meanAccuracy = MeanAccuracy,
            judged = judged.Select(j => new
            {
                window = j.Window.Index,
                masks = j.Window.Masks.Length,
                texts = j.Fills.Select(f => Filled(model, j.Window, f)).ToArray(),
                scorerLogLikelihood = j.ScorerLogLikelihood,
                accuracy = j.Accuracy,
            }),
        };
        AtomicFile.Write(path, temporary => File.WriteAllText(temporary, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true })));
    }

    private static string Filled(MariaModel model, ArenaWindow window, int[] fills)
    {
        var tokens = window.Tokens.ToArray();
        for (int k = 0; k < fills.Length; k++)
        {
            tokens[window.Masks[k]] = fills[k];
        }
        return model.Tokenizer.Decode(tokens);
    }
}

/// <summary>A contestant's rating and its 95% bootstrap interval.</summary>
internal sealed record ArenaRating(string Contestant, double Rating, double Low, double High);
