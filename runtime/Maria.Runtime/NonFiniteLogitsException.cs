using System.Globalization;

namespace Maria.Runtime;

/// <summary>
/// The model produced a NaN or infinite logit, which no softmax can turn into a distribution: the package's weights or
/// graphs are damaged (or were exported from a damaged checkpoint). It is a <see cref="MariaInputException"/> because
/// the package is an input the user can fix, so a batch reports it for the record that met it and goes on.
/// </summary>
public sealed class NonFiniteLogitsException : MariaInputException
{
    /// <summary>Creates the exception for a row of logits, naming the text position it predicts (-1 when unknown).</summary>
    /// <param name="position">Index of the predicted token in the text's token sequence, or -1.</param>
    /// <param name="tokenId">The first vocabulary id whose logit is not finite.</param>
    /// <param name="value">That logit: NaN, +infinity or -infinity.</param>
    /// <param name="count">How many of the row's logits are not finite.</param>
    /// <param name="vocabularySize">The row's length.</param>
    public NonFiniteLogitsException(int position, int tokenId, float value, int count, int vocabularySize)
        : base(Describe(position, tokenId, value, count, vocabularySize))
    {
        Position = position;
        TokenId = tokenId;
        Value = value;
    }

    /// <summary>Creates the exception with a one-line message; prefer the overload that names the position.</summary>
    public NonFiniteLogitsException(string message) : base(message) => Position = -1;

    /// <summary>Creates the exception with a one-line message and its cause.</summary>
    public NonFiniteLogitsException(string message, Exception innerException) : base(message, innerException) => Position = -1;

    /// <summary>Creates the exception with a generic message; prefer the overload that names the position.</summary>
    public NonFiniteLogitsException() : base("the model produced non-finite logits: the package may be damaged; run maria verify") => Position = -1;

    /// <summary>Index of the predicted token in the text's token sequence, or -1 when the caller did not say.</summary>
    public int Position { get; }

    /// <summary>The first vocabulary id whose logit is not finite.</summary>
    public int TokenId { get; }

    /// <summary>That logit: NaN, +infinity or -infinity.</summary>
    public float Value { get; }

    private static string Describe(int position, int tokenId, float value, int count, int vocabularySize)
    {
        string kind = float.IsNaN(value) ? "NaN" : "infinite";
        string where = position >= 0 ? string.Create(CultureInfo.InvariantCulture, $" at position {position}") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"the model produced {kind} logits{where} ({count} of {vocabularySize} values, the first at token id {tokenId}): the package may be damaged; run maria verify on it, or export it again");
    }
}
