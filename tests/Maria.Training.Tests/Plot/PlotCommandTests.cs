namespace Maria.Training.Tests.Plot;

/// <summary><c>maria-train plot</c>: the image, the pairwise "reaches the other's final value" summary, and refusals.</summary>
public sealed class PlotCommandTests : IDisposable
{
    private readonly TemporaryFolder temporary = new();

    private string folder => temporary.Path;

    public void Dispose() => temporary.Dispose();

    [Theory]
    [InlineData("figure.png")]
    [InlineData("figure.svg")]
    public void Draws_the_curves_and_reports_when_one_run_reaches_the_others_final_value(string name)
    {
        // Validation only at steps 0, 50 and 100 (empty cells elsewhere), as the head trainer writes it.
        string fast = Log("fast.csv", [(0, "5.0"), (25, ""), (50, "3.5"), (100, "3.0")]);
        string slow = Log("slow.csv", [(0, "8.0"), (50, "4.2"), (100, "3.9")]);
        string output = Path.Combine(folder, name);
        var (code, stdout, stderr) = TrainCli.Run("plot", "--log", $"fast={fast}", $"slow={slow}", "--output", output, "--title", "Figure 2");
        Assert.True(code == 0, stderr);
        Assert.Contains("fast reaches slow's final 3.9000 at step 50 (50 % of slow's 100 steps)", stdout, StringComparison.Ordinal);
        Assert.Contains("slow never reaches fast's final 3.0000", stdout, StringComparison.Ordinal);
        var bytes = File.ReadAllBytes(output);
        Assert.True(bytes.Length > 5000, $"{bytes.Length} bytes is too small for a plot");
        if (name.EndsWith(".png", StringComparison.Ordinal))
        {
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }
        else
        {
            var svg = System.Xml.Linq.XDocument.Load(output);
            Assert.Equal("svg", svg.Root!.Name.LocalName);
            // The legend names both runs and the title is the one asked for (SVG text is drawn as text elements).
            var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();
            Assert.Contains("fast", texts);
            Assert.Contains("slow", texts);
            Assert.Contains("Figure 2", texts);
        }
    }

    [Fact]
    public void A_missing_column_names_the_columns_the_file_has()
    {
        string log = Log("log.csv", [(0, "5.0")]);
        var (code, _, stderr) = TrainCli.Run("plot", "--log", $"a={log}", "--column", "accuracy", "--output", Path.Combine(folder, "x.png"));
        Assert.Equal(1, code);
        Assert.Contains("no 'accuracy' column (columns: step, loss, validation_loss)", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.gif", "end the file name with .png or .svg")]
    [InlineData("a.png", "expected LABEL=PATH")]
    public void Bad_arguments_exit_1_with_one_line(string output, string expected)
    {
        string log = Log("log.csv", [(0, "5.0")]);
        string label = output.EndsWith(".gif", StringComparison.Ordinal) ? $"a={log}" : log;
        var (code, _, stderr) = TrainCli.Run("plot", "--log", label, "--output", Path.Combine(folder, output));
        Assert.Equal(1, code);
        Assert.Contains(expected, Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    private string Log(string name, (int Step, string Value)[] rows)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllLines(path, new[] { "step,loss,validation_loss" }.Concat(rows.Select(r => $"{r.Step},1.0,{r.Value}")));
        return path;
    }

}
