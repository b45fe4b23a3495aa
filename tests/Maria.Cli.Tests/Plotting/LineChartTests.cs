using Maria.Cli.Plotting;
using Maria.Runtime;

namespace Maria.Cli.Tests.Plotting;

/// <summary>The shared chart writer of eval and bench: formats, log axes, and what it refuses.</summary>
public sealed class LineChartTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "maria-chart-tests-" + Guid.NewGuid().ToString("N"));

    public LineChartTests() => Directory.CreateDirectory(folder);

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
        string path = Path.Combine(folder, "chart.svg");
        LineChart.Save(path, "title", "rate", "perplexity",
            [new ChartSeries("kept", [0.1, 0.5, 0.9], [3, 0, double.PositiveInfinity]), new ChartSeries("other", [0.1, 0.5], [5, 7])],
            logX: false, logY: true);
        PlotFiles.AssertSvg(path, ["kept", "other", "perplexity (log scale)"]);
    }

    [Fact]
    public void A_chart_with_no_drawable_point_is_refused()
    {
        string path = Path.Combine(folder, "empty.png");
        var error = Assert.Throws<MariaInputException>(() =>
            LineChart.Save(path, "t", "x", "y", [new ChartSeries("none", [1, 2], [double.NaN, -1])], logX: false, logY: true));
        Assert.Contains("no finite point", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("chart.jpg")]
    [InlineData("chart")]
    public void Paths_that_are_not_png_or_svg_are_refused(string name)
    {
        var error = Assert.Throws<MariaInputException>(() => LineChart.CheckPath(Path.Combine(folder, name), "--plot"));
        Assert.Contains(".png or .svg", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
