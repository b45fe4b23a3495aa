using Maria.Tools.Common;

namespace Maria.Training;

/// <summary>Entry point of <c>maria-train</c>: every verb lives in its own folder under Commands/.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        return Run(args, Console.Out, Console.Error, Console.In, cancellation.Token);
    }

    /// <summary>Runs one command line with the given streams; used by tests in-process.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, TextReader stdin, CancellationToken cancellation = default)
        => VerbDispatcher.Run(typeof(Program).Assembly, args, new CommandContext(stdout, stderr, stdin, cancellation));
}
