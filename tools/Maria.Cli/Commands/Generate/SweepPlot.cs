using Maria.Runtime;
using ScottPlot;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Generate;

/// <summary>
/// The Figure 5 plot: generative perplexity under the scorer (mean of per-sample perplexities) against mean wall-clock
/// seconds per sample; the annealing points joined in order of K and labelled K=..., the two AR baselines as separate
/// labelled markers. PNG or SVG by the file's extension, written to a temporary name and renamed when complete.
/// </summary>
internal static class SweepPlot
{
    private const int Width = 800;
    private const int Height = 560;

    /// <summary>Refuses a path whose extension is not .png or .svg, before any generation.</summary>
    public static void CheckPath(string path) => PlotFile.CheckPath(path, "--plot");

    public static void Save(string path, IReadOnlyList<SweepRow> rows, string title)
    {
        CheckPath(path);
        using var plot = new Plot();
        var annealing = rows.Where(r => r.Method != SweepMethods.Greedy && r.ScorerPerplexityMean is not null)
            .OrderBy(r => r.Iterations).ToList();
        if (annealing.Count > 0)
        {
            var line = plot.Add.Scatter(annealing.Select(r => r.SecondsPerSample).ToArray(), annealing.Select(r => r.ScorerPerplexityMean!.Value).ToArray());
            line.LegendText = "MARIA annealing (K iterations; K=0 is AR sampling at T=1)";
            line.LineWidth = 2;
            line.MarkerSize = 8;
        }
        foreach (var greedy in rows.Where(r => r.Method == SweepMethods.Greedy && r.ScorerPerplexityMean is not null))
        {
            var marker = plot.Add.Marker(greedy.SecondsPerSample, greedy.ScorerPerplexityMean!.Value, MarkerShape.FilledSquare, 10);
            marker.LegendText = "greedy AR decoding";
        }
        foreach (var row in rows.Where(r => r.ScorerPerplexityMean is not null))
        {
            var label = plot.Add.Text(row.Label, row.SecondsPerSample, row.ScorerPerplexityMean!.Value);
            label.LabelFontSize = 12;
            label.LabelOffsetX = 6;
            label.LabelOffsetY = -18;
        }
        plot.Title(title);
        plot.XLabel("mean wall-clock seconds per sample");
        plot.YLabel("generative perplexity (scorer)");
        // Room on the right and top for the point labels.
        plot.Axes.Margins(horizontal: 0.12, vertical: 0.12);
        plot.ShowLegend(Alignment.UpperRight);
        PlotFile.Save(plot, path, Width, Height);
    }
}
