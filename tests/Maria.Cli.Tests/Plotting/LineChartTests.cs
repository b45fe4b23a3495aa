using Maria.Cli.Plotting;
using Maria.Runtime;
using Maria.Tools.Common;

namespace Maria.Cli.Tests.Plotting;

/// <summary>The shared chart writer of eval and bench: formats, log axes, and what it refuses.</summary>
public sealed class LineChartTests : IDisposable
{
    private readonly TemporaryFolder temporary = new();

    private string folder => temporary.Path;

    [Fact]
    public void Log_log_chart_is_written_as_png_and_leaves_no_temporary_file()
    {
        string path = Path.Combine(folder, "chart.png");
        LineChart.Save(path, "title", "x", "y",
            [new ChartSeries("fast", [64, 128, 256], [900, 850, 800]), new ChartSeries("slow", [64, 128, 256], [90, 30, 8])],
            logX: true, logY: true);
        PlotFiles.AssertPng(path);
    }

    [Fact]
    public void Points_that_a_log_axis_cannot_show_are_left_out_and_the_rest_drawn()
    {
        // The same chart three ways: with points a log axis cannot show (0 and +inf), with only the drawable one, and
        // with that one moved within the axis range the other series sets. Left out means the image is that of the
        // drawable point alone; drawn means moving the point changes the image.
        string withUndrawable = Svg("with-undrawable.svg", [new ChartSeries("kept", [0.3, 0.5, 0.9], [6, 0, double.PositiveInfinity]), Other()]);
        string drawableOnly = Svg("drawable-only.svg", [new ChartSeries("kept", [0.3], [6]), Other()]);
        string moved = Svg("moved.svg", [new ChartSeries("kept", [0.3], [6.5]), Other()]);

        PlotFiles.AssertSvg(Path.Combine(folder, "with-undrawable.svg"), ["kept", "other", "perplexity (log scale)"]);
        Assert.Equal(drawableOnly, withUndrawable);
        Assert.NotEqual(drawableOnly, moved);

        static ChartSeries Other() => new("other", [0.1, 0.7], [5, 7]);
    }

    private string Svg(string name, IReadOnlyList<ChartSeries> series)
    {
        string path = Path.Combine(folder, name);
        LineChart.Save(path, "title", "rate", "perplexity", series, logX: false, logY: true);
        // The SVG writer numbers its element ids per process (clip paths cl_4, cl_8, cl_a, ...): renumbered in order of
        // appearance, two drawings of the same chart are the same text.
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(path), @"\b([A-Za-z]+)_([0-9a-f]+)\b",
            match => match.Groups[1].Value + "_" + (numbers.TryGetValue(match.Value, out int n) ? n : numbers[match.Value] = numbers.Count));
    }

    [Fact]
    public void A_chart_with_no_drawable_point_is_refused()
    {
        string path = Path.Combine(folder, "empty.png");
        var error = Assert.Throws<UsageException>(() =>
            LineChart.Save(path, "t", "x", "y", [new ChartSeries("none", [1, 2], [double.NaN, -1])], logX: false, logY: true));
        Assert.Contains("no finite point", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("chart.jpg")]
    [InlineData("chart")]
    public void Paths_that_are_not_png_or_svg_are_refused(string name)
    {
        var error = Assert.Throws<UsageException>(() => LineChart.CheckPath(Path.Combine(folder, name), "--plot"));
        Assert.Contains(".png or .svg", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => temporary.Dispose();
}
