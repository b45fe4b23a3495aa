namespace Maria.Runtime;

/// <summary>
/// An input supplied by the user (a file, a folder, a configuration value, a text) is wrong in a way the
/// user can fix. The message is one line: what is wrong, where (file, tensor, key, line), and how to fix it.
/// Command-line tools map it to exit code 1 without a stack trace.
/// </summary>
public class MariaInputException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public MariaInputException(string message) : base(message) { }

    /// <summary>Creates the exception with a one-line message and the underlying cause.</summary>
    public MariaInputException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a generic message; prefer the overloads that say what is wrong.</summary>
    public MariaInputException() : base("invalid input") { }
}
