using Maria.Runtime;

namespace Maria.Export.Checkpoints;

/// <summary>
/// A safetensors file, a sharded index or a tensor request violates the format or the file's own header.
/// The one exception type for every such violation; the one-line message names the file, the tensor
/// (when there is one), what is wrong (expected vs actual) and how to fix it.
/// </summary>
public sealed class SafetensorsFormatException : MariaInputException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public SafetensorsFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a one-line message and the underlying cause.</summary>
    public SafetensorsFormatException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a generic message; prefer the overloads that say what is wrong.</summary>
    public SafetensorsFormatException() : base("invalid safetensors data") { }
}
