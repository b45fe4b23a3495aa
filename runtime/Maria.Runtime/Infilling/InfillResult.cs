namespace Maria.Runtime;

/// <summary>The outcome of infilling one text.</summary>
/// <param name="Input">The text as given, with its <c>[MASK]</c> tokens.</param>
/// <param name="Output">The text with every mask filled.</param>
/// <param name="Tokens">The filled tokens in reading order.</param>
/// <param name="Timings">Where the time went.</param>
/// <param name="Warnings">Things the caller should know (e.g. the text had no mask and was returned unchanged).</param>
public sealed record InfillResult(string Input, string Output, IReadOnlyList<FilledToken> Tokens, InfillTimings Timings, IReadOnlyList<string> Warnings)
{
    /// <summary>The text's <c>[WORD]</c> and <c>[BLANK]</c> blanks as filled (chosen length, tokens, log-probability, alternatives); empty without blanks.</summary>
    public IReadOnlyList<FilledBlank> Blanks { get; init; } = [];
}
