using Maria.Runtime.Masking;
using Maria.Runtime.Packaging;
using Maria.Runtime.Tokenization;

namespace Maria.Runtime.Infilling;

/// <summary>
/// A text cut into shared-vocabulary tokens with every <c>[MASK]</c> kept as the mask id; mask positions in reading
/// order. Each <c>[MASK]</c> stands for exactly one token wherever it is (start, middle, end, adjacent), and absorbs
/// the whitespace before it (the tokenizer's <c>lstrip</c>), so the filled token carries its own leading space.
/// </summary>
internal sealed class MaskedText
{
    private MaskedText(int[] tokens, int[] maskPositions)
    {
        Tokens = tokens;
        MaskPositions = maskPositions;
    }

    /// <summary>Text tokens x_1..x_n (0-based here); mask positions hold the [MASK] id.</summary>
    public int[] Tokens { get; }

    /// <summary>Indices into <see cref="Tokens"/> of the masks, increasing.</summary>
    public int[] MaskPositions { get; }

    public static MaskedText Encode(HuggingFaceTokenizer tokenizer, VocabularyManifest vocabulary, string text)
    {
        TextLimits.Check(text);
        var encoded = tokenizer.EncodeWithOffsets(text);
        var tokens = new int[encoded.Count];
        var masks = new List<int>();
        for (int i = 0; i < encoded.Count; i++)
        {
            int id = encoded[i].Id;
            tokens[i] = id;
            if (id == vocabulary.MaskId)
            {
                masks.Add(i);
            }
            else if (!TextTokens.IsText(id, vocabulary.SharedSize))
            {
                throw new MariaInputException($"the text contains the special token '{encoded[i].Token}' at character {encoded[i].Start}; only [MASK] may appear in a text to fill, remove it");
            }
        }
        return new MaskedText(tokens, [.. masks]);
    }

    /// <summary>Throws when the MLM stream (n + 2) or the AR stream (n + 1) exceeds the package's context.</summary>
    public void CheckFits(PackageManifest manifest)
    {
        TextTokens.EnsureFits(Tokens.Length, TextTokens.ContextLimit(manifest), "the text", "shorten the text or split it");
    }
}
