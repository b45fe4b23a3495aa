using System.Globalization;
using Maria.Runtime;

namespace Maria.Training.Commands.Plot;

/// <summary>One labelled series read from a training-log.csv: the steps at which a column has a value, and the values.</summary>
internal sealed record TrainingCurve(string Label, IReadOnlyList<double> Steps, IReadOnlyList<double> Values)
{
    /// <summary>Reads <paramref name="column"/> of the CSV at <paramref name="path"/>, skipping rows where it is empty or NaN.</summary>
    public static TrainingCurve Read(string label, string path, string column)
    {
        if (!File.Exists(path))
        {
            throw new MariaInputException($"--log {label}={path}: no such file; pass the training-log.csv a maria-train run wrote");
        }
        var lines = File.ReadAllLines(path);
        var header = lines.Length > 0 ? lines[0].Split(',') : [];
        int index = Array.IndexOf(header, column);
        int stepIndex = Array.IndexOf(header, "step");
        if (index < 0 || stepIndex < 0)
        {
            throw new MariaInputException($"--log {label}={path}: no '{column}' column (columns: {string.Join(", ", header)}); pass --column with one of them");
        }
        var steps = new List<double>();
        var values = new List<double>();
        for (int row = 1; row < lines.Length; row++)
        {
            var cells = lines[row].Split(',');
            if (cells.Length <= index || cells[index].Length == 0
                || !double.TryParse(cells[index], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || double.IsNaN(value))
            {
                continue;
            }
            if (!double.TryParse(cells[stepIndex], NumberStyles.Float, CultureInfo.InvariantCulture, out double step))
            {
                throw new MariaInputException($"--log {label}={path}: line {row + 1} has step '{cells[stepIndex]}', not a number; is the file a training log?");
            }
            steps.Add(step);
            values.Add(value);
        }
        if (values.Count == 0)
        {
            throw new MariaInputException($"--log {label}={path}: column '{column}' has no values yet; plot after the run has validated");
        }
        return new TrainingCurve(label, steps, values);
    }

    /// <summary>The first step at which this curve is at or below <paramref name="target"/>; null when it never gets there.</summary>
    public double? FirstStepAtOrBelow(double target)
    {
        for (int i = 0; i < Values.Count; i++)
        {
            if (Values[i] <= target)
            {
                return Steps[i];
            }
        }
        return null;
    }
}
