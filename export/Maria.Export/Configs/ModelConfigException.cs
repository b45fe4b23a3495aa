using Maria.Runtime;

namespace Maria.Export.Configs;

/// <summary>
/// A config.json is missing a key, has a value of the wrong type, has inconsistent values, or describes an
/// architecture this project does not support. The one-line message names the file and the key, says what was
/// expected and what was found, and how to fix it.
/// </summary>
public sealed class ModelConfigException : MariaInputException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public ModelConfigException(string message) : base(message) { }

    /// <summary>Creates the exception with a one-line message and the underlying cause.</summary>
    public ModelConfigException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a generic message; prefer the overloads that say what is wrong.</summary>
    public ModelConfigException() : base("invalid model configuration") { }
}
