namespace Maria.Runtime;

/// <summary>
/// An input supplied by the user (a file, a folder, a configuration value, a text) is wrong in a way the
/// user can fix. The message is one line: what is wrong, where (file, tensor, key, line), and how to fix it.
/// Command-line tools map it to exit code 1 without a stack trace.
/// </summary>
public class MariaInputException : Exception
{
    /// <summary>Creates the exception with a one-line message (line breaks, e.g. in a quoted input value, are written as \n).</summary>
    public MariaInputException(string message) : base(OneLine(message)) { }

    /// <summary>Creates the exception with a one-line message and the underlying cause.</summary>
    public MariaInputException(string message, Exception innerException) : base(OneLine(message), innerException) { }

    /// <summary>Creates the exception with a generic message; prefer the overloads that say what is wrong.</summary>
    public MariaInputException() : base("invalid input") { }

    /// <summary>Refuses a batch size below 1, the one message of every batched entry point.</summary>
    internal static void ThrowIfBatchSizeBelowOne(int batchSize)
    {
        if (batchSize < 1)
        {
            throw new MariaInputException($"batch size {batchSize} is below 1; keep at least one text in flight (the default is {MariaModel.DefaultBatchSize})");
        }
    }

    // Messages quote what the user gave (a config value, a tensor name, a JSON fragment), which may hold line breaks;
    // the one-line contract holds whatever they hold (found by fuzzing config.json, docs/RELIABILITY.md).
    private static string OneLine(string message) => message?.ReplaceLineEndings("\\n") ?? "";
}
