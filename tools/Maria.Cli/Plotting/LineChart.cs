using Maria.Runtime;
using ScottPlot;
using Maria.Tools.Common;

namespace Maria.Cli.Plotting;

/// <summary>
/// Line charts for the figures of <c>maria eval</c> (perplexity by masking rate) and <c>maria bench</c> (throughput
/// by input length): one line with markers per series, a legend, axis labels, optional log10 axes; PNG or SVG by the
/// file's extension, written to a temporary name and renamed when complete.
/// </summary>
internal static class LineChart
{
    private const int Width = 800;
    private const int Height = 560;

    /// <summary>Refuses a path whose extension is not .png or .svg, before any long computation.</summary>
    public static void CheckPath(string path, string option) => PlotFile.CheckPath(path, option);

    /// <summary>Draws <paramref name="series"/> and saves it to <paramref name="path"/>; points not positive on a log axis are left out.</summary>
    public static void Save(string path, string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series, bool logX, bool logY)
    {
        PlotFile.CheckPath(path, "plot");
        using var plot = new Plot();
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var line in series)
        {
            var points = Enumerable.Range(0, line.X.Count)
                .Select(i => (X: line.X[i], Y: line.Y[i]))
                .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y) && (!logX || p.X > 0) && (!logY || p.Y > 0))
                .OrderBy(p => p.X)
                .ToArray();
            if (points.Length == 0)
            {
                continue;
            }
            var scatter = plot.Add.Scatter(
                points.Select(p => logX ? Math.Log10(p.X) : p.X).ToArray(),
                points.Select(p => logY ? Math.Log10(p.Y) : p.Y).ToArray());
            scatter.LegendText = line.Name;
            scatter.LineWidth = 2;
            scatter.MarkerSize = 7;
            xs.AddRange(points.Select(p => p.X));
            ys.AddRange(points.Select(p => p.Y));
        }
        if (xs.Count == 0)
        {
            throw new UsageException($"plot {path}: no finite point to draw; check the measurements");
        }
        if (logX)
        {
            plot.Axes.Bottom.TickGenerator = LogAxisTicks.At(xs);
        }
        if (logY)
        {
            plot.Axes.Left.TickGenerator = LogAxisTicks.Decades(ys.Min(), ys.Max());
        }
        plot.Title(title);
        plot.XLabel(xLabel + (logX ? " (log scale)" : ""));
        plot.YLabel(yLabel + (logY ? " (log scale)" : ""));
        // Outside the data area: no line is ever hidden behind it.
        plot.ShowLegend(Edge.Right);
        PlotFile.Save(plot, path, Width, Height);
    }
}
