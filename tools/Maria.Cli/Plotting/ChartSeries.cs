namespace Maria.Cli.Plotting;

/// <summary>One line of a <see cref="LineChart"/>: a legend name and its points (same count of x and y).</summary>
internal sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);
