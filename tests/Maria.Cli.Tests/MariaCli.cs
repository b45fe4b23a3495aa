namespace Maria.Cli.Tests;

/// <summary>`maria` in-process (<see cref="InProcessCli"/> bound to <see cref="Program.Run"/>): exit code and both streams.</summary>
internal static class MariaCli
{
    public static CliResult RunMaria(params string[] args) => InProcessCli.Run(Program.Run, args);

    /// <summary>With <paramref name="stdin"/> as standard input and a cancellation token.</summary>
    public static CliResult RunMariaWith(string stdin, CancellationToken cancellation, params string[] args) =>
        InProcessCli.Run(Program.Run, args, stdin, cancellation);

    /// <summary>The non-empty lines of a stream.</summary>
    public static string[] Lines(string text) => InProcessCli.Lines(text);
}
