namespace Maria.Cli.Tests.Export;

/// <summary>Runs `maria` in-process and captures the exit code and both streams.</summary>
internal static class CliRun
{
    public static (int ExitCode, string Stdout, string Stderr) RunMaria(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exitCode = Program.Run(args, stdout, stderr, TextReader.Null);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The non-empty lines of a stream.</summary>
    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
