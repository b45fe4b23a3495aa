using System.Text;
using Maria.Runtime;
using Maria.Runtime.Tokenization;

namespace Maria.Training.Tokenizer;

/// <summary>
/// The pre-tokenisation half of byte-level BPE training, done exactly as the written tokenizer will do it at
/// encoding time: NFC, the GPT-2 split pattern, then each piece's UTF-8 bytes mapped to the byte-level alphabet
/// (" Hello" becomes "ĠHello"). BPE merges never cross these pieces.
/// </summary>
internal static class ByteLevelWordCounter
{
    /// <summary>How often each byte-level piece occurs in <paramref name="texts"/>.</summary>
    public static Dictionary<string, long> Count(IEnumerable<string> texts, CancellationToken cancellation = default)
    {
        EnsureNormalizationWorks();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        byte[] utf8 = new byte[256];
        foreach (string text in texts)
        {
            cancellation.ThrowIfCancellationRequested();
            string normalized = text.Normalize(NormalizationForm.FormC);
            foreach (var match in ByteLevelAlphabet.Gpt2SplitRegex.EnumerateMatches(normalized))
            {
                ReadOnlySpan<char> piece = normalized.AsSpan(match.Index, match.Length);
                int maxBytes = Encoding.UTF8.GetMaxByteCount(piece.Length);
                if (utf8.Length < maxBytes)
                {
                    utf8 = new byte[maxBytes];
                }
                int byteCount = Encoding.UTF8.GetBytes(piece, utf8);
                string symbols = ByteLevelAlphabet.Encode(utf8.AsSpan(0, byteCount));
                counts[symbols] = counts.GetValueOrDefault(symbols) + 1;
            }
        }
        return counts;
    }

    /// <summary>
    /// With invariant globalization .NET silently skips normalization; the trained vocabulary would then not
    /// match what an NFC tokenizer produces, so refuse to run instead.
    /// </summary>
    private static void EnsureNormalizationWorks()
    {
        if ("e\u0301".Normalize(NormalizationForm.FormC).Length != 1)
        {
            throw new InvalidOperationException(
                "NFC normalization is unavailable (InvariantGlobalization is on or ICU is missing); "
                + "build maria-train with InvariantGlobalization=false and install libicu");
        }
    }
}
