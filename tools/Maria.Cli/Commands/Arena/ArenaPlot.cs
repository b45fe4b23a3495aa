using System.Globalization;
using ScottPlot;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Arena;

/// <summary>The ratings of both judges as grouped bars with their 95% intervals (the paper's Figure 4 layout).</summary>
internal static class ArenaPlot
{
    public static void Save(string path, ArenaReport report, int windows, double rate)
    {
        using var plot = new Plot();
        var judges = new[] { ("scorer judge", report.Scorer), ("accuracy judge", report.Accuracy) };
        var palette = new ScottPlot.Palettes.Category10();
        var ticks = new List<Tick>();
        for (int c = 0; c < report.Scorer.Length; c++)
        {
            ticks.Add(new Tick(c * 3 + 0.5, report.Scorer[c].Contestant));
        }
        for (int j = 0; j < judges.Length; j++)
        {
            var (name, ratings) = judges[j];
            var bars = ratings.Select((r, c) => new Bar
            {
                Position = c * 3 + j,
                Value = r.Rating - 1000,
                ValueBase = 0,
                Error = 0,
                FillColor = palette.GetColor(j),
            }).ToArray();
            var series = plot.Add.Bars(bars);
            series.LegendText = name;
            for (int c = 0; c < ratings.Length; c++)
            {
                var interval = plot.Add.Line(c * 3 + j, ratings[c].Low - 1000, c * 3 + j, ratings[c].High - 1000);
                interval.Color = Colors.Black;
                interval.LineWidth = 2;
            }
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Infill quality: {windows} validation windows, {rate:P0} of words masked"));
        plot.YLabel("rating - 1000 (Elo scale, 95% bootstrap)");
        plot.ShowLegend(Edge.Right);
        PlotFile.Save(plot, path, 900, 520);
    }
}
