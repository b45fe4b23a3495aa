using System.Globalization;

namespace Maria.Training.Loop;

/// <summary>
/// The training log CSV (<c>OUTPUT/training-log.csv</c>): one row per logged step with
/// step, loss, learning_rate, tokens_per_second, elapsed_seconds, optional per-step columns (e.g. resident memory)
/// and the evaluation metrics (empty when the step was not evaluated). Numbers are written with the invariant culture. On resume, rows past the checkpoint's step
/// are dropped so that the file reads as one uninterrupted run.
/// </summary>
internal sealed class TrainingLog
{
    /// <summary>The log's file name inside a run's folder.</summary>
    public const string FileName = "training-log.csv";

    private readonly string path;
    private readonly IReadOnlyList<string> metricNames;
    private readonly IReadOnlyList<string> stepColumns;

    /// <summary>Opens (or, with <paramref name="resumeAtStep"/>, trims) the log at <paramref name="path"/>.</summary>
    public TrainingLog(string path, IReadOnlyList<string> metricNames, int? resumeAtStep, IReadOnlyList<string>? stepColumns = null)
    {
        this.path = path;
        this.metricNames = metricNames;
        this.stepColumns = stepColumns ?? [];
        string header = string.Join(",", new[] { "step", "loss", "learning_rate", "tokens_per_second", "elapsed_seconds" }
            .Concat(this.stepColumns).Concat(metricNames));
        var lines = new List<string> { header };
        if (resumeAtStep is int step && File.Exists(path))
        {
            lines.AddRange(File.ReadLines(path).Skip(1).Where(line =>
                int.TryParse(line.AsSpan(0, Math.Max(0, line.IndexOf(',', StringComparison.Ordinal))), CultureInfo.InvariantCulture, out int row)
                && row <= step));
        }
        File.WriteAllLines(path, lines);
    }

    /// <summary>
    /// Appends one row; <paramref name="metrics"/> is null when the step was not evaluated; <paramref name="stepValues"/>
    /// holds one value per per-step column.
    /// </summary>
    public void Append(int step, double loss, double learningRate, double tokensPerSecond, double elapsedSeconds, IReadOnlyList<double>? metrics,
        IReadOnlyList<double>? stepValues = null)
    {
        if ((stepValues?.Count ?? 0) != stepColumns.Count)
        {
            throw new ArgumentException($"expected {stepColumns.Count} per-step values", nameof(stepValues));
        }
        var cells = new List<string>
        {
            step.ToString(CultureInfo.InvariantCulture),
            Format(loss),
            learningRate.ToString("G6", CultureInfo.InvariantCulture),
            tokensPerSecond.ToString("F1", CultureInfo.InvariantCulture),
            elapsedSeconds.ToString("F1", CultureInfo.InvariantCulture),
        };
        cells.AddRange((stepValues ?? []).Select(v => v.ToString("F1", CultureInfo.InvariantCulture)));
        cells.AddRange(metricNames.Select((_, i) => metrics is null ? string.Empty : Format(metrics[i])));
        File.AppendAllLines(path, [string.Join(",", cells)]);
    }

    /// <summary>Losses keep full float precision so that resumed and uninterrupted logs can be compared exactly.</summary>
    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
