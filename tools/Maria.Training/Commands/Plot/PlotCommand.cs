using System.Globalization;
using CommandLine;
using Maria.Runtime;
using Maria.Tools.Common;
using ScottPlot;

namespace Maria.Training.Commands.Plot;

/// <summary>
/// <c>maria-train plot</c>: draws one column of several training logs against the step (the paper's Figure 2 is
/// validation loss for product versus random initialisation) and prints, for every pair of runs, the first step at
/// which one reaches the other's final value - the "how many times faster" figure the paper reads off its plot.
/// </summary>
[Verb("plot", HelpText = "Plot a column of training-log.csv files against the step (e.g. Figure 2: validation loss, product vs random).")]
internal sealed class PlotCommand : ICommand
{
    [Option("log", Required = true, Separator = ' ', HelpText = "One or more LABEL=PATH of training-log.csv files, space-separated (e.g. --log product=runs/p/head.run/training-log.csv random=runs/r/head.run/training-log.csv).")]
    public IEnumerable<string> Logs { get; set; } = [];

    [Option("column", Default = "validation_loss", HelpText = "The column to plot.")]
    public string Column { get; set; } = "validation_loss";

    [Option("output", Required = true, HelpText = "Image file: .png or .svg.")]
    public string Output { get; set; } = string.Empty;

    [Option("title", Default = "", HelpText = "Plot title.")]
    public string Title { get; set; } = string.Empty;

    [Option("log-y", Default = false, HelpText = "Logarithmic y axis.")]
    public bool LogarithmicY { get; set; }

    /// <inheritdoc />
    public int Execute(CommandContext context)
    {
        PlotFile.CheckPath(Output, "--output");
        var curves = Logs.Select(Parse).ToList();
        if (curves.Count == 0)
        {
            throw new UsageException("--log: give at least one LABEL=PATH");
        }
        Draw(curves);
        WriteSummary(curves, context.Out);
        context.Error.WriteLine($"wrote {Output}");
        return ExitCodes.Success;
    }

    private TrainingCurve Parse(string argument)
    {
        int equals = argument.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == argument.Length - 1)
        {
            throw new UsageException($"--log '{argument}': expected LABEL=PATH, e.g. product=runs/product/head.run/training-log.csv");
        }
        return TrainingCurve.Read(argument[..equals], argument[(equals + 1)..], Column);
    }

    private void Draw(IReadOnlyList<TrainingCurve> curves)
    {
        using var plot = new ScottPlot.Plot();
        foreach (var curve in curves)
        {
            var ys = LogarithmicY ? curve.Values.Select(Math.Log10).ToArray() : curve.Values.ToArray();
            var line = plot.Add.Scatter(curve.Steps.ToArray(), ys);
            line.LegendText = curve.Label;
            line.LineWidth = 2;
            line.MarkerSize = 4;
        }
        if (LogarithmicY)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                LabelFormatter = y => Math.Pow(10, y).ToString("G4", CultureInfo.InvariantCulture),
            };
        }
        plot.Title(Title);
        plot.XLabel("step");
        plot.YLabel(Column.Replace('_', ' '));
        plot.ShowLegend(Alignment.UpperRight);
        PlotFile.Save(plot, Output, 800, 500, "--output", createFolder: true);
    }

    private void WriteSummary(IReadOnlyList<TrainingCurve> curves, TextWriter output)
    {
        output.WriteLine($"run\tfirst\tfinal\tlast step\t{Column} at the end");
        foreach (var curve in curves)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{curve.Label}\t{curve.Values[0]:F4}\t{curve.Values[^1]:F4}\t{curve.Steps[^1]:F0}"));
        }
        foreach (var reaching in curves)
        {
            foreach (var target in curves.Where(c => c != reaching))
            {
                double? step = reaching.FirstStepAtOrBelow(target.Values[^1]);
                output.WriteLine(step is double s
                    ? FormattableString.Invariant($"{reaching.Label} reaches {target.Label}'s final {target.Values[^1]:F4} at step {s:F0} ({s / target.Steps[^1]:P0} of {target.Label}'s {target.Steps[^1]:F0} steps)")
                    : FormattableString.Invariant($"{reaching.Label} never reaches {target.Label}'s final {target.Values[^1]:F4}"));
            }
        }
    }
}
