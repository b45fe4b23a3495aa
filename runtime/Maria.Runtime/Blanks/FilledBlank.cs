using Maria.Runtime.Blanks;

namespace Maria.Runtime;

/// <summary>One <c>[WORD]</c> or <c>[BLANK]</c> as it was filled.</summary>
/// <param name="BlankIndex">Which blank of the text, counting from 0 in reading order (<c>[MASK]</c>s not counted).</param>
/// <param name="Kind">Word or phrase.</param>
/// <param name="Position">Index of the fill's first token in the output's token sequence.</param>
/// <param name="Tokens">The chosen tokens (the chosen length is their count).</param>
/// <param name="Text">The fill decoded, with its leading space.</param>
/// <param name="LogProbability">MARIA's exact log p of these tokens given the rest of the completed text (teacher-forced, natural log).</param>
/// <param name="Alternatives">The candidates the search weighed here (every length tried), best first; the chosen one among them.</param>
public sealed record FilledBlank(int BlankIndex, BlankKind Kind, int Position, IReadOnlyList<FilledToken> Tokens, string Text,
    double LogProbability, IReadOnlyList<BlankCandidate> Alternatives);
