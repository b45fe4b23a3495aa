using System.Text;
using Maria.Runtime.Sampling;
using Maria.Runtime.Tokenization;

namespace Maria.Runtime.Blanks;

/// <summary>
/// Which tokens of the shared vocabulary may stand where in a blank, read once from the tokenizer's bytes:
/// a word is a word start (" nation", or "nation" with no space before the blank) followed by continuations (letters
/// or digits glued on, "al"); a phrase starts with its own space (or with no space where none preceded the blank)
/// and continues with any token. These constraints are what make a <c>[WORD]</c> one whole word: without them the
/// head, which fills one token at a time, would happily glue "t" to the previous word, as <c>[MASK]</c> does.
/// </summary>
internal sealed class WordShapes
{
    private readonly AllowedTokens spacedWordStart;
    private readonly AllowedTokens wordPiece;
    private readonly AllowedTokens spacedStart;
    private readonly AllowedTokens bareStart;

    private WordShapes(AllowedTokens spacedWordStart, AllowedTokens wordPiece, AllowedTokens spacedStart, AllowedTokens bareStart)
    {
        this.spacedWordStart = spacedWordStart;
        this.wordPiece = wordPiece;
        this.spacedStart = spacedStart;
        this.bareStart = bareStart;
    }

    public static WordShapes Build(HuggingFaceTokenizer tokenizer, int sharedSize)
    {
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var texts = new string?[sharedSize];
        for (int id = 0; id < sharedSize; id++)
        {
            try
            {
                texts[id] = strict.GetString(tokenizer.GetTokenBytes(id));
            }
            catch (Exception e) when (e is DecoderFallbackException or MariaInputException)
            {
                texts[id] = null; // part of a multi-byte character, or no token: never a word piece
            }
        }
        IEnumerable<int> Where(Func<string, bool> shape) => Enumerable.Range(0, sharedSize).Where(id => texts[id] is { } t && shape(t));
        return new WordShapes(
            new AllowedTokens(sharedSize, Where(t => t.Length > 1 && t[0] == ' ' && IsWordPiece(t.AsSpan(1)))),
            new AllowedTokens(sharedSize, Where(t => IsWordPiece(t))),
            new AllowedTokens(sharedSize, Where(t => t.Length > 1 && t[0] == ' ' && !char.IsWhiteSpace(t[1]))),
            new AllowedTokens(sharedSize, Where(t => t.Length > 0 && !char.IsWhiteSpace(t[0]))));
    }

    /// <summary>The constraint of each of the <paramref name="length"/> tokens of a slot (null entries allow every token).</summary>
    public AllowedTokens?[] For(BlankSlot slot, int length)
    {
        var allowed = new AllowedTokens?[length];
        if (slot.Kind is not { } kind)
        {
            return allowed; // a plain [MASK]: any token, as without blanks
        }
        allowed[0] = kind == BlankKind.Word ? (slot.Spaced ? spacedWordStart : wordPiece) : (slot.Spaced ? spacedStart : bareStart);
        for (int k = 1; k < length; k++)
        {
            allowed[k] = kind == BlankKind.Word ? wordPiece : null;
        }
        return allowed;
    }

    /// <summary>Whether <paramref name="id"/> may be token <paramref name="index"/> of a fill of <paramref name="slot"/>.</summary>
    public bool Allows(BlankSlot slot, int index, int id) => For(slot, index + 1)[index]?.Contains(id) ?? true;

    private static bool IsWordPiece(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }
        foreach (char c in text)
        {
            if (!char.IsLetterOrDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
