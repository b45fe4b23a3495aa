using System.Text;
using Maria.Runtime.Masking;
using Maria.Runtime.Packaging;
using Maria.Runtime.Tokenization;

namespace Maria.Runtime.Blanks;

/// <summary>
/// A text with <c>[WORD]</c> / <c>[BLANK]</c> markers (and possibly <c>[MASK]</c>s) cut into tokens: each marker and
/// each <c>[MASK]</c> becomes one placeholder mask token (a "slot"), which the search later widens to the chosen
/// length. A marker absorbs the whitespace before it as <c>[MASK]</c> does, so fills carry their own leading space.
/// Refused with one-line messages: a marker inside a word, a marker inside other brackets, unbalanced brackets, a
/// marker the tokenizer has as a token of its own, and any special token other than <c>[MASK]</c>.
/// </summary>
internal sealed class BlankTemplate
{
    public const string WordMarker = "[WORD]";
    public const string BlankMarker = "[BLANK]";
    private const string MaskMarker = "[MASK]";

    private BlankTemplate(int[] tokens, BlankSlot[] slots)
    {
        Tokens = tokens;
        Slots = slots;
    }

    /// <summary>x_1..x_n with one mask id per slot ([n]).</summary>
    public int[] Tokens { get; }

    /// <summary>The slots in reading order.</summary>
    public BlankSlot[] Slots { get; }

    /// <summary>Whether <paramref name="text"/> has a blank marker (texts without one keep the plain [MASK] path).</summary>
    public static bool HasBlanks(string text) =>
        text.Contains(WordMarker, StringComparison.Ordinal) || text.Contains(BlankMarker, StringComparison.Ordinal);

    /// <exception cref="MariaInputException">The text breaks one of the rules above.</exception>
    public static BlankTemplate Parse(string text, HuggingFaceTokenizer tokenizer, VocabularyManifest vocabulary)
    {
        Infilling.TextLimits.Check(text);
        foreach (string marker in new[] { WordMarker, BlankMarker })
        {
            if (tokenizer.AddedTokens.Any(t => t.Content.Contains(marker, StringComparison.Ordinal)))
            {
                throw new MariaInputException($"this package's tokenizer has its own token {marker}, so {marker} cannot mark a blank; write the blank as [MASK]s instead");
            }
        }
        CheckBrackets(text);
        // Markers become [MASK]; replacedEnds holds where each replacement ends in the rewritten text.
        var rewritten = new StringBuilder(text.Length);
        var kinds = new Dictionary<int, (BlankKind Kind, bool Spaced)>();
        int position = 0;
        while (position < text.Length)
        {
            var (marker, kind) = MarkerAt(text, position);
            if (marker is null)
            {
                rewritten.Append(text[position++]);
                continue;
            }
            CheckWordBoundaries(text, position, marker);
            bool spaced = position > 0 && char.IsWhiteSpace(text[position - 1]);
            rewritten.Append(MaskMarker);
            kinds[rewritten.Length] = (kind, spaced);
            position += marker.Length;
        }
        var encoded = tokenizer.EncodeWithOffsets(rewritten.ToString());
        var tokens = new int[encoded.Count];
        var slots = new List<BlankSlot>();
        for (int i = 0; i < encoded.Count; i++)
        {
            var token = encoded[i];
            tokens[i] = token.Id;
            if (token.Id == vocabulary.MaskId)
            {
                slots.Add(kinds.TryGetValue(token.Start + token.Length, out var blank)
                    ? new BlankSlot(i, blank.Kind, blank.Spaced)
                    : new BlankSlot(i, null, false));
            }
            else if (!TextTokens.IsText(token.Id, vocabulary.SharedSize))
            {
                throw new MariaInputException($"the text contains the special token '{token.Token}'; only [MASK], [WORD] and [BLANK] may appear in a text to fill, remove it");
            }
        }
        return new BlankTemplate(tokens, [.. slots]);
    }

    private static (string? Marker, BlankKind Kind) MarkerAt(string text, int position)
    {
        if (string.CompareOrdinal(text, position, WordMarker, 0, WordMarker.Length) == 0)
        {
            return (WordMarker, BlankKind.Word);
        }
        return string.CompareOrdinal(text, position, BlankMarker, 0, BlankMarker.Length) == 0 ? (BlankMarker, BlankKind.Phrase) : (null, default);
    }

    /// <summary>A blank stands for whole words: a letter or digit right before or after the marker would split one.</summary>
    private static void CheckWordBoundaries(string text, int start, string marker)
    {
        int end = start + marker.Length;
        if ((start > 0 && char.IsLetterOrDigit(text[start - 1])) || (end < text.Length && char.IsLetterOrDigit(text[end])))
        {
            int from = start;
            while (from > 0 && !char.IsWhiteSpace(text[from - 1]))
            {
                from--;
            }
            int to = end;
            while (to < text.Length && !char.IsWhiteSpace(text[to]))
            {
                to++;
            }
            throw new MariaInputException($"{marker} at character {start} is inside the word '{text[from..to]}'; a blank fills whole words, so put a space on each side (or use [MASK] for a single token)");
        }
    }

    /// <summary>In a text with blanks, every '[' closes before the next opens, and every ']' closes one.</summary>
    private static void CheckBrackets(string text)
    {
        int open = -1;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '[')
            {
                if (open >= 0)
                {
                    throw new MariaInputException($"nested brackets: '[' at character {i} opens inside the '[' at character {open}; a blank is written [WORD] or [BLANK] on its own");
                }
                open = i;
            }
            else if (text[i] == ']')
            {
                if (open < 0)
                {
                    throw new MariaInputException($"unbalanced brackets: ']' at character {i} closes nothing; write blanks as [WORD] or [BLANK]");
                }
                open = -1;
            }
        }
        if (open >= 0)
        {
            throw new MariaInputException($"unbalanced brackets: '[' at character {open} is never closed; write blanks as [WORD] or [BLANK]");
        }
    }
}

/// <summary>One slot of a <see cref="BlankTemplate"/>: its placeholder's token index, its kind (null for a plain [MASK]) and whether whitespace preceded it.</summary>
internal sealed record BlankSlot(int Position, BlankKind? Kind, bool Spaced);
