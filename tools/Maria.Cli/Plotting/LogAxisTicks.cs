using System.Globalization;
using ScottPlot.TickGenerators;

namespace Maria.Cli.Plotting;

/// <summary>
/// Tick marks for an axis whose data are plotted as log10(value): labelled major ticks at chosen values (printed
/// in the data's own units) and unlabelled minor ticks at 2..9 times each power of ten in range.
/// </summary>
internal static class LogAxisTicks
{
    /// <summary>Majors at 1, 1.5, 2, 3, 5, 7 x 10^k when the data span at most one decade, at 1, 2, 5 x 10^k up to two, at 10^k beyond.</summary>
    public static NumericManual Decades(double min, double max)
    {
        int low = (int)Math.Floor(Math.Log10(min));
        int high = (int)Math.Ceiling(Math.Log10(max));
        double decades = Math.Log10(max / min);
        double[] mantissas = decades switch { <= 1 => [1, 1.5, 2, 3, 5, 7], <= 2 => [1, 2, 5], _ => [1] };
        var majors = new List<double>();
        for (int k = low; k <= high; k++)
        {
            majors.AddRange(mantissas.Select(m => m * Math.Pow(10, k)).Where(v => v >= min / 1.5 && v <= max * 1.5));
        }
        return WithMinors(majors, low, high);
    }

    /// <summary>Majors exactly at <paramref name="values"/> (e.g. the measured input lengths).</summary>
    public static NumericManual At(IEnumerable<double> values)
    {
        var majors = values.Distinct().Order().ToList();
        return WithMinors(majors, (int)Math.Floor(Math.Log10(majors[0])), (int)Math.Ceiling(Math.Log10(majors[^1])));
    }

    private static NumericManual WithMinors(List<double> majors, int low, int high)
    {
        var ticks = new NumericManual();
        foreach (double value in majors)
        {
            ticks.AddMajor(Math.Log10(value), Label(value));
        }
        for (int k = low; k <= high; k++)
        {
            for (int m = 2; m <= 9; m++)
            {
                ticks.AddMinor(Math.Log10(m * Math.Pow(10, k)));
            }
        }
        return ticks;
    }

    private static string Label(double value) => value.ToString(value >= 1 ? "0.##" : "0.###", CultureInfo.InvariantCulture);
}
