namespace Maria.Runtime.Tokenization;

/// <summary>
/// Text to token ids, in Hugging Face's order: added tokens matched in the raw text (those with normalized =
/// false), NFC on the rest, added tokens matched in the normalised text (normalized = true), the pre-tokenizer
/// steps, then BPE per pre-token word. Optionally records each token's span in the original text.
/// </summary>
internal sealed class TokenizerPipeline
{
    private readonly BytePairModel _model;
    private readonly TokenByteTable _bytes;
    private readonly AddedTokenSplitter _rawTokens;
    private readonly AddedTokenSplitter _normalizedTokens;
    private readonly bool _normalizeNfc;
    private readonly IReadOnlyList<IPreTokenizerStep> _steps;

    public TokenizerPipeline(TokenizerDefinition definition, BytePairModel model, TokenByteTable bytes)
    {
        _model = model;
        _bytes = bytes;
        _rawTokens = new AddedTokenSplitter(definition.AddedTokens.Where(t => !t.Normalized));
        _normalizedTokens = new AddedTokenSplitter(definition.AddedTokens.Where(t => t.Normalized));
        _normalizeNfc = definition.NormalizeNfc;
        _steps = definition.PreTokenizerSteps;
    }

    /// <summary>Appends the ids of <paramref name="text"/> to <paramref name="ids"/>, and their spans to <paramref name="spans"/> if given.</summary>
    public void Encode(string text, List<int> ids, List<TokenSpan>? spans)
    {
        var rawPieces = new List<(TextRange Range, AddedToken? Token)>();
        _rawTokens.Split(text, new TextRange(0, text.Length), rawPieces);
        var normalizedPieces = new List<(TextRange Range, AddedToken? Token)>();
        var words = new List<TextRange>();
        foreach (var (rawRange, rawToken) in rawPieces)
        {
            if (rawToken is not null)
            {
                ids.Add(rawToken.Id);
                spans?.Add(new TokenSpan(rawToken.Id, rawRange.Start, rawRange.Length));
                continue;
            }
            var (normalized, range) = _normalizeNfc
                ? NfcNormalizer.Normalize(text, rawRange)
                : (WorkingText.Unchanged(text, 0), rawRange);
            normalizedPieces.Clear();
            _normalizedTokens.Split(normalized.Text, range, normalizedPieces);
            foreach (var (pieceRange, token) in normalizedPieces)
            {
                if (token is not null)
                {
                    ids.Add(token.Id);
                    spans?.Add(Span(token.Id, normalized, pieceRange.Start, pieceRange.End));
                    continue;
                }
                words.Clear();
                words.Add(pieceRange);
                var working = normalized;
                foreach (var step in _steps)
                {
                    working = step.Apply(working, words);
                }
                foreach (var word in words)
                {
                    EncodeWord(working, word, ids, spans);
                }
            }
        }
    }

    private void EncodeWord(WorkingText text, TextRange word, List<int> ids, List<TokenSpan>? spans)
    {
        int[] wordIds = _model.EncodeWord(text.Text.AsSpan(word.Start, word.Length));
        ids.AddRange(wordIds);
        if (spans is null)
        {
            return;
        }
        // A char belongs to the token that holds its last UTF-8 byte (see EncodedToken).
        string chars = text.Text;
        int charIndex = word.Start;
        int consumedBytes = 0;
        int tokenEndByte = 0;
        for (int t = 0; t < wordIds.Length; t++)
        {
            tokenEndByte += _bytes.Get(wordIds[t])?.Length ?? 0;
            int startChar = charIndex;
            while (charIndex < word.End)
            {
                bool pair = char.IsHighSurrogate(chars[charIndex]) && charIndex + 1 < word.End && char.IsLowSurrogate(chars[charIndex + 1]);
                int byteCount = pair ? 4 : Utf8Length(chars[charIndex]);
                if (consumedBytes + byteCount > tokenEndByte)
                {
                    break;
                }
                consumedBytes += byteCount;
                charIndex += pair ? 2 : 1;
            }
            if (t == wordIds.Length - 1)
            {
                charIndex = word.End;
            }
            spans.Add(Span(wordIds[t], text, startChar, charIndex));
        }
    }

    private static TokenSpan Span(int id, WorkingText text, int start, int end)
    {
        int originalStart = text.OriginalIndex(start);
        return new TokenSpan(id, originalStart, text.OriginalIndex(end) - originalStart);
    }

    // Lone surrogates count as U+FFFD (3 bytes), which is what UTF-8 encoding makes of them.
    private static int Utf8Length(char c) => c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
}
