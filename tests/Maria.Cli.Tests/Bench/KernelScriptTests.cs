using System.Diagnostics;
using System.Globalization;

namespace Maria.Cli.Tests.Bench;

/// <summary>
/// The kernel benchmarks in tools/bench/kernels (file-based `dotnet run` programs on the exporter's own graph blocks,
/// which no project builds): run for real on tiny shapes, so that an API change that breaks them fails here instead of
/// silently, and their tables and the attention variants' agreement are checked.
/// </summary>
public sealed class KernelScriptTests
{
    [Fact]
    public void The_matmul_kernels_script_times_every_format_at_every_row_count()
    {
        var (code, stdout, stderr) = RunScript("matmul-kernels.cs", "64", "48", "1,3", "fp32,int8,int4-b32-acc0", "1", "0.02");

        Assert.True(code == 0, stderr);
        var rows = TableRows(stdout, 6);
        Assert.Equal(["fp32 1", "fp32 3", "int8 1", "int8 3", "int4-b32-acc0 1", "int4-b32-acc0 3"], rows.Select(r => $"{r[0]} {r[2]}"));
        Assert.All(rows, r => Assert.True(double.Parse(r[3], CultureInfo.InvariantCulture) > 0, string.Join(' ', r)));
    }

    [Fact]
    public void The_attention_kernels_script_times_each_variant_and_the_two_matmul_forms_agree()
    {
        var (code, stdout, stderr) = RunScript("attention-kernels.cs", "3,2,40;2,1,24", "2", "16", "1", "0.02");

        Assert.True(code == 0, stderr);
        var rows = TableRows(stdout, 7);
        // GroupQueryAttention runs only for one query row per text (R = 1), the shape it accepts after a past.
        Assert.Equal(["shipped 3 2 40", "cache-as-a 3 2 40", "shipped 2 1 24", "cache-as-a 2 1 24", "gqa 2 1 24"],
            rows.Select(r => $"{r[0]} {r[1]} {r[2]} {r[3]}"));
        Assert.All(rows, r => Assert.True(double.Parse(r[5], CultureInfo.InvariantCulture) > 0, string.Join(' ', r)));
        var agreement = stdout.Split('\n').Where(l => l.Contains("max |difference|", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, agreement.Length);
        Assert.All(agreement, l => Assert.True(double.Parse(l.Split(' ').Last(), CultureInfo.InvariantCulture) < 1e-5, l));
    }

    [Fact]
    public void The_encoder_batches_script_times_the_shipped_encoder_at_each_batch_size()
    {
        var (code, stdout, stderr) = RunScript("encoder-batches.cs", Path.Combine(RepositoryFiles.Root, "models", "maria-tiny"), "24", "1,3", "1", "0.02");

        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int header = Array.FindIndex(lines, l => l.TrimStart().StartsWith("B ", StringComparison.Ordinal));
        Assert.True(header >= 0, stdout);
        var rows = lines.Skip(header + 1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(["1", "3"], rows.Select(r => r[0]));
        foreach (var row in rows)
        {
            double perCall = double.Parse(row[1], CultureInfo.InvariantCulture), perText = double.Parse(row[2], CultureInfo.InvariantCulture);
            Assert.True(perCall > 0, string.Join(' ', row));
            Assert.Equal(perCall / int.Parse(row[0], CultureInfo.InvariantCulture), perText, 0.011);
        }
    }

    [Theory]
    [InlineData("encoder-batches.cs", "no-such-package 514 1", "no-such-package/maria.json: no such file")]
    [InlineData("matmul-kernels.cs", "64 0 1 fp32", "N '0' is not a positive whole number")]
    [InlineData("matmul-kernels.cs", "64 32 1 int5", "format 'int5'")]
    [InlineData("attention-kernels.cs", "8,4", "shape '8,4': give B,R,T")]
    [InlineData("attention-kernels.cs", "8,4,576 4 64 2 -1", "SECONDS '-1' is not a positive number")]
    public void Bad_arguments_exit_1_with_a_one_line_error(string script, string arguments, string expected)
    {
        var (code, stdout, stderr) = RunScript(script, arguments.Split(' '));

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    /// <summary>The whitespace-separated cells of the table lines under the header (which starts with "format" or "variant").</summary>
    private static string[][] TableRows(string stdout, int cells)
    {
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int header = Array.FindIndex(lines, l => l.StartsWith("format", StringComparison.Ordinal) || l.StartsWith("variant", StringComparison.Ordinal));
        Assert.True(header >= 0, stdout);
        return lines.Skip(header + 1)
            .Where(l => !l.StartsWith(' '))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(r => r.Length == cells ? r : throw new Xunit.Sdk.XunitException($"expected {cells} cells: {string.Join(' ', r)}"))
            .ToArray();
    }

    private static (int ExitCode, string Stdout, string Stderr) RunScript(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = RepositoryFiles.Root,
        };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add(Path.Combine("tools", "bench", "kernels", script));
        start.ArgumentList.Add("--");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), $"{script} ran for more than 5 minutes");
        return (process.ExitCode, stdout, stderr.Result);
    }
}
