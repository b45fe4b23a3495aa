using Maria.Runtime;

namespace Maria.Export.Compatibility;

/// <summary>
/// The masked LM and the causal LM tokenizers do not give the shared ids the same meaning, so the pair cannot form a
/// MARIA package. The message is one line naming the first disagreement (an id with both strings, a merge index, or a
/// pipeline component) and what to do about it.
/// </summary>
public sealed class TokenizerIncompatibleException : MariaInputException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public TokenizerIncompatibleException(string message) : base(message) { }

    /// <summary>Creates the exception with a one-line message and the underlying cause.</summary>
    public TokenizerIncompatibleException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a generic message; prefer the overloads that say what is wrong.</summary>
    public TokenizerIncompatibleException() : base("the two tokenizers are incompatible") { }
}
