using System.Globalization;
using System.Text;

namespace Maria.Runtime.Tokenization;

/// <summary>
/// The NFC normaliser of tokenizer.json, done here because Microsoft.ML.Tokenizers has none. It relies on
/// <see cref="string.Normalize(NormalizationForm)"/>, i.e. on ICU: in a process that runs with
/// InvariantGlobalization, .NET leaves text unchanged, so non-NFC input is then tokenised un-normalised
/// (<see cref="IsAvailable"/> tells which case holds). Offsets: the text is cut before every character that is
/// not a combining mark and each chunk is normalised on its own, so a composed character maps to the chars it
/// came from; if chunk-wise normalisation differs from whole-text normalisation (rare: Hangul jamo, unusual
/// mark orders), every char of the result maps to the whole piece.
/// </summary>
internal static class NfcNormalizer
{
    /// <summary>Whether this process can normalise (false under InvariantGlobalization).</summary>
    public static bool IsAvailable { get; } = "e\u0301".Normalize(NormalizationForm.FormC) == "\u00e9";

    /// <summary>
    /// Normalises text[range] and keeps the map back to the original indices. Returns the text to work on and the
    /// range of it that holds the result (the original text and range itself when nothing changes).
    /// </summary>
    public static (WorkingText Text, TextRange Range) Normalize(string text, TextRange range)
    {
        var span = text.AsSpan(range.Start, range.Length);
        if (Ascii.IsValid(span) || span.IsNormalized(NormalizationForm.FormC))
        {
            return (WorkingText.Unchanged(text, 0), range);
        }
        int start = range.Start;
        int length = range.Length;
        string piece = span.ToString();
        string whole = piece.Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(whole.Length);
        var origins = new List<int>(whole.Length + 1);
        int chunkStart = 0;
        for (int i = 1; i <= piece.Length; i++)
        {
            if (i < piece.Length && !StartsChunk(piece, i))
            {
                continue;
            }
            string chunk = piece[chunkStart..i].Normalize(NormalizationForm.FormC);
            builder.Append(chunk);
            for (int c = 0; c < chunk.Length; c++)
            {
                // The first char of a chunk starts at the chunk; later chars (rare) share that start.
                origins.Add(start + chunkStart);
            }
            chunkStart = i;
        }
        origins.Add(start + length);
        if (builder.ToString() != whole)
        {
            var coarse = new int[whole.Length + 1];
            Array.Fill(coarse, start);
            coarse[whole.Length] = start + length;
            return (WorkingText.Rewritten(whole, coarse), new TextRange(0, whole.Length));
        }
        return (WorkingText.Rewritten(whole, origins.ToArray()), new TextRange(0, whole.Length));
    }

    private static bool StartsChunk(string text, int index)
    {
        char c = text[index];
        if (char.IsLowSurrogate(c))
        {
            return false;
        }
        var category = char.IsHighSurrogate(c) && index + 1 < text.Length
            ? CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, text[index + 1]))
            : CharUnicodeInfo.GetUnicodeCategory(c);
        return category is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark);
    }
}
