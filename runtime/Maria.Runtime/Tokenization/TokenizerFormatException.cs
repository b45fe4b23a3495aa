namespace Maria.Runtime;

/// <summary>
/// A tokenizer.json file is malformed or uses a component this loader does not implement. The message is one line
/// naming the file, the JSON key and the unsupported or wrong value.
/// </summary>
public sealed class TokenizerFormatException : MariaInputException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public TokenizerFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a one-line message and the underlying cause (e.g. a JSON parse error).</summary>
    public TokenizerFormatException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a generic message; prefer the overloads that say what is wrong.</summary>
    public TokenizerFormatException() : base("invalid tokenizer.json") { }
}
