using System.Globalization;
using System.Text.RegularExpressions;

namespace Maria.Runtime.Tokenization;

/// <summary>
/// Runs a split pattern over a range and applies a <see cref="SplitBehavior"/>, as Hugging Face's Split does.
/// .NET regexes see UTF-16 code units, so a character outside the BMP would be two "surrogate" symbols that
/// <c>\p{L}</c> or <c>\p{N}</c> do not match (Rust's regex sees one letter or digit). Before matching, each
/// surrogate pair is therefore replaced by two BMP stand-ins of the same class (letter, digit, mark, other);
/// the text keeps its length, so offsets stay valid, and a boundary that still falls inside a pair is moved
/// after it.
/// </summary>
internal static class RegexSplitter
{
    private const char LetterStandIn = '\u00aa';  // ª, a letter
    private const char NumberStandIn = '\u00b2';  // ², a number
    private const char MarkStandIn = '\u0301';    // combining acute, a mark
    private const char OtherStandIn = '\ue000';   // private use, neither letter, number nor space

    /// <summary>Splits every range with the pattern and behaviour, replacing the contents of <paramref name="ranges"/>.</summary>
    public static void SplitAll(Regex pattern, SplitBehavior behavior, bool invert, string text, List<TextRange> ranges)
    {
        var result = new List<TextRange>(ranges.Count * 2);
        var pieces = new List<(TextRange Range, bool IsMatch)>();
        foreach (var range in ranges)
        {
            pieces.Clear();
            FindPieces(pattern, text, range, invert, pieces);
            ApplyBehavior(behavior, pieces, result);
        }
        ranges.Clear();
        ranges.AddRange(result);
    }

    /// <summary>Cuts text[range] into consecutive non-empty pieces, each flagged as a match or not.</summary>
    private static void FindPieces(Regex pattern, string text, TextRange range, bool invert, List<(TextRange, bool)> pieces)
    {
        ReadOnlySpan<char> span = text.AsSpan(range.Start, range.Length);
        string? standIns = span.ContainsAnyInRange('\ud800', '\udfff') ? WithStandIns(span) : null;
        ReadOnlySpan<char> searched = standIns is null ? span : standIns.AsSpan();
        int previousEnd = 0;
        foreach (var match in pattern.EnumerateMatches(searched))
        {
            int start = SnapOutOfPair(span, match.Index);
            int end = SnapOutOfPair(span, match.Index + match.Length);
            if (end <= start || start < previousEnd)
            {
                continue;
            }
            if (start > previousEnd)
            {
                pieces.Add((new TextRange(range.Start + previousEnd, start - previousEnd), invert));
            }
            pieces.Add((new TextRange(range.Start + start, end - start), !invert));
            previousEnd = end;
        }
        if (previousEnd < span.Length)
        {
            pieces.Add((new TextRange(range.Start + previousEnd, span.Length - previousEnd), invert));
        }
    }

    private static void ApplyBehavior(SplitBehavior behavior, List<(TextRange Range, bool IsMatch)> pieces, List<TextRange> output)
    {
        int first = output.Count;
        bool previousWasMatch = false;
        switch (behavior)
        {
            case SplitBehavior.Isolated:
                foreach (var piece in pieces)
                {
                    output.Add(piece.Range);
                }
                break;
            case SplitBehavior.Removed:
                foreach (var piece in pieces.Where(p => !p.IsMatch))
                {
                    output.Add(piece.Range);
                }
                break;
            case SplitBehavior.MergedWithPrevious:
                foreach (var (range, isMatch) in pieces)
                {
                    if (isMatch && !previousWasMatch && output.Count > first)
                    {
                        output[^1] = new TextRange(output[^1].Start, range.End - output[^1].Start);
                    }
                    else
                    {
                        output.Add(range);
                    }
                    previousWasMatch = isMatch;
                }
                break;
            case SplitBehavior.MergedWithNext:
                var reversed = new List<TextRange>();
                for (int i = pieces.Count - 1; i >= 0; i--)
                {
                    var (range, isMatch) = pieces[i];
                    if (isMatch && !previousWasMatch && reversed.Count > 0)
                    {
                        reversed[^1] = new TextRange(range.Start, reversed[^1].End - range.Start);
                    }
                    else
                    {
                        reversed.Add(range);
                    }
                    previousWasMatch = isMatch;
                }
                reversed.Reverse();
                output.AddRange(reversed);
                break;
            case SplitBehavior.Contiguous:
                for (int i = 0; i < pieces.Count; i++)
                {
                    var (range, isMatch) = pieces[i];
                    if (isMatch && previousWasMatch)
                    {
                        output[^1] = new TextRange(output[^1].Start, range.End - output[^1].Start);
                    }
                    else
                    {
                        output.Add(range);
                    }
                    previousWasMatch = isMatch;
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(behavior), behavior, "unknown split behaviour");
        }
    }

    private static int SnapOutOfPair(ReadOnlySpan<char> span, int index) =>
        index > 0 && index < span.Length && char.IsHighSurrogate(span[index - 1]) && char.IsLowSurrogate(span[index])
            ? index + 1
            : index;

    private static string WithStandIns(ReadOnlySpan<char> span)
    {
        var chars = span.ToArray();
        for (int i = 0; i + 1 < chars.Length; i++)
        {
            if (!char.IsHighSurrogate(chars[i]) || !char.IsLowSurrogate(chars[i + 1]))
            {
                continue;
            }
            var category = CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(chars[i], chars[i + 1]));
            char standIn = category switch
            {
                UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                    or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => LetterStandIn,
                UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => NumberStandIn,
                UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => MarkStandIn,
                _ => OtherStandIn,
            };
            chars[i] = chars[i + 1] = standIn;
            i++;
        }
        return new string(chars);
    }
}
