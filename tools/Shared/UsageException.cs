namespace Maria.Tools.Common;

/// <summary>
/// The tools' own usage error: an option, an argument, or a file the command line names is wrong, and the message
/// says which and how to fix it. <see cref="VerbDispatcher"/> prints it as one <c>error:</c> line and exits 1, as it
/// does for the runtime's <c>MariaInputException</c> (bad input met inside the library: a damaged package, a text
/// longer than the context), which the tools no longer throw for their own checks.
/// </summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
