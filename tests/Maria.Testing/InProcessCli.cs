namespace Maria.Testing;

/// <summary>A CLI's testable entry point: <c>Program.Run</c> of maria and maria-train has exactly this shape.</summary>
internal delegate int CliEntryPoint(string[] args, TextWriter stdout, TextWriter stderr, TextReader stdin, CancellationToken cancellation);

/// <summary>What one in-process run of a CLI returned and wrote.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs a CLI in-process with captured streams: the one runner behind <c>MariaCli</c> (Maria.Cli.Tests) and
/// <c>TrainCli</c> (Maria.Training.Tests), which bind it to their program.
/// </summary>
internal static class InProcessCli
{
    public static CliResult Run(CliEntryPoint entryPoint, string[] args, string stdin = "", CancellationToken cancellation = default)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var input = new StringReader(stdin);
        int code = entryPoint(args, stdout, stderr, input, cancellation);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The non-empty, trimmed lines of a captured stream.</summary>
    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
