namespace Maria.Runtime.Tokenization;

/// <summary>
/// Cuts text at the added tokens, done here because Microsoft.ML.Tokenizers has no lstrip/rstrip/single_word.
/// Matching follows Hugging Face's added vocabulary: scanning left to right, at each position the longest token
/// that matches wins; a single_word match inside a word is left as text; lstrip absorbs the whitespace before
/// the match (never reaching into the previous match) and rstrip the whitespace after it.
/// </summary>
internal sealed class AddedTokenSplitter
{
    // First char -> tokens starting with it, longest content first.
    private readonly Dictionary<char, AddedToken[]> _byFirstChar;

    public AddedTokenSplitter(IEnumerable<AddedToken> tokens)
    {
        _byFirstChar = tokens
            .Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ThenBy(t => t.Id).ToArray());
    }

    public bool IsEmpty => _byFirstChar.Count == 0;

    /// <summary>
    /// Appends the pieces of text[range] in order: runs of plain text (Token null) and added-token matches
    /// (their ranges include absorbed whitespace). Empty text runs are left out.
    /// </summary>
    public void Split(string text, TextRange range, List<(TextRange Range, AddedToken? Token)> output)
    {
        int end = range.End;
        int plainStart = range.Start;
        int position = range.Start;
        while (position < end)
        {
            var match = LongestMatchAt(text, position, end);
            if (match is null)
            {
                position++;
                continue;
            }
            int matchEnd = position + match.Content.Length;
            if (match.SingleWord && !IsAtWordBoundaries(text, range, position, matchEnd))
            {
                position = matchEnd;
                continue;
            }
            int tokenStart = position;
            if (match.LStrip)
            {
                while (tokenStart > plainStart && char.IsWhiteSpace(text[tokenStart - 1]))
                {
                    tokenStart--;
                }
            }
            int tokenEnd = matchEnd;
            if (match.RStrip)
            {
                while (tokenEnd < end && char.IsWhiteSpace(text[tokenEnd]))
                {
                    tokenEnd++;
                }
            }
            if (tokenStart > plainStart)
            {
                output.Add((new TextRange(plainStart, tokenStart - plainStart), null));
            }
            output.Add((new TextRange(tokenStart, tokenEnd - tokenStart), match));
            plainStart = position = tokenEnd;
        }
        if (end > plainStart)
        {
            output.Add((new TextRange(plainStart, end - plainStart), null));
        }
    }

    private AddedToken? LongestMatchAt(string text, int position, int end)
    {
        if (!_byFirstChar.TryGetValue(text[position], out var candidates))
        {
            return null;
        }
        foreach (var candidate in candidates)
        {
            int length = candidate.Content.Length;
            if (length <= end - position && string.CompareOrdinal(text, position, candidate.Content, 0, length) == 0)
            {
                return candidate;
            }
        }
        return null;
    }

    private static bool IsAtWordBoundaries(string text, TextRange range, int start, int end)
    {
        bool startOk = start == range.Start || !IsWordChar(text[start - 1]);
        bool endOk = end == range.End || !IsWordChar(text[end]);
        return startOk && endOk;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
