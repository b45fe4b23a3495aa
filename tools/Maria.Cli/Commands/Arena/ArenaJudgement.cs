using Maria.Runtime;

namespace Maria.Cli.Commands.Arena;

/// <summary>One window's contestants (the true text, then each method's greedy fill) with both judges' measures.</summary>
/// <param name="Window">The window.</param>
/// <param name="Fills">Per contestant, the tokens at the masks.</param>
/// <param name="ScorerLogLikelihood">Per contestant, the scorer's total log p of the whole filled window (natural log).</param>
/// <param name="Accuracy">Per contestant, the fraction of masked tokens equal to the true ones.</param>
internal sealed record ArenaJudgement(ArenaWindow Window, int[][] Fills, double[] ScorerLogLikelihood, double[] Accuracy)
{
    /// <summary>Contestant names, in order.</summary>
    public static readonly string[] Contestants = ["truth", "maria", "product", "mlm", "ar"];

    public static ArenaJudgement Judge(MariaModel model, MariaModel scorer, ArenaWindow window, CancellationToken cancellation)
    {
        var (tokens, masks) = (window.Tokens, window.Masks);
        var baselines = model.Baselines;
        int[][] fills =
        [
            [.. masks.Select(m => tokens[m])],
            [.. baselines.Maria(tokens, masks, cancellation: cancellation).TokenIds],
            [.. baselines.ProductOfExperts(tokens, masks, cancellation: cancellation).TokenIds],
            [.. baselines.MaskedLanguageModelLeftToRight(tokens, masks, cancellation: cancellation).TokenIds],
            [.. baselines.AutoregressiveInfill(tokens, masks, cancellation: cancellation).TokenIds],
        ];
        var everyPosition = Enumerable.Range(0, tokens.Length).ToArray();
        var likelihood = new double[fills.Length];
        var accuracy = new double[fills.Length];
        for (int c = 0; c < fills.Length; c++)
        {
            var filled = tokens.ToArray();
            for (int k = 0; k < masks.Length; k++)
            {
                filled[masks[k]] = fills[c][k];
            }
            likelihood[c] = scorer.Baselines.AutoregressiveLogProbabilities(filled, everyPosition, cancellation).Sum();
            accuracy[c] = (double)Enumerable.Range(0, masks.Length).Count(k => fills[c][k] == tokens[masks[k]]) / masks.Length;
        }
        return new ArenaJudgement(window, fills, likelihood, accuracy);
    }

    /// <summary>a's score against b under a judge: 1 (better), 0.5 (equal) or 0.</summary>
    public static double Outcome(double a, double b) => a > b ? 1 : a < b ? 0 : 0.5;
}
