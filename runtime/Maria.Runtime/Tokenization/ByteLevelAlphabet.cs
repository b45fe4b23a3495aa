using System.Text.RegularExpressions;

namespace Maria.Runtime.Tokenization;

/// <summary>
/// The GPT-2 byte-level alphabet shared by byte-level BPE tokenizers (GPT-2, GPT-NeoX, OLMo, ModernBERT):
/// every byte maps to one printable Unicode character so that BPE works on strings. Bytes 33..126, 161..172
/// and 174..255 map to the character of the same code; the remaining 68 bytes map, in increasing order,
/// to U+0100, U+0101, ... (so the space byte 0x20 is 'Ġ' = U+0120).
/// </summary>
internal static class ByteLevelAlphabet
{
    /// <summary>
    /// The GPT-2 pre-tokenizer split pattern (contractions, letter runs, digit runs, other-symbol runs, each
    /// with at most one leading space; whitespace not followed by a non-space; remaining whitespace).
    /// .NET regexes backtrack like the reference implementation, so no possessive quantifiers are needed.
    /// </summary>
    public const string Gpt2SplitPattern =
        @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private static readonly char[] ByteToCharTable = BuildByteToChar();
    private static readonly Dictionary<char, byte> CharToByteTable = BuildCharToByte(ByteToCharTable);

    /// <summary>A compiled instance of <see cref="Gpt2SplitPattern"/>.</summary>
    public static Regex Gpt2SplitRegex { get; } = new(Gpt2SplitPattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>The character that stands for <paramref name="value"/>.</summary>
    public static char ByteToChar(byte value) => ByteToCharTable[value];

    /// <summary>The byte that <paramref name="symbol"/> stands for, or false if it is not in the alphabet.</summary>
    public static bool TryCharToByte(char symbol, out byte value) => CharToByteTable.TryGetValue(symbol, out value);

    /// <summary>Maps UTF-8 bytes to their byte-level string (e.g. " Hello" to "ĠHello").</summary>
    public static string Encode(ReadOnlySpan<byte> utf8)
    {
        var chars = new char[utf8.Length];
        for (int i = 0; i < utf8.Length; i++)
        {
            chars[i] = ByteToCharTable[utf8[i]];
        }
        return new string(chars);
    }

    /// <summary>
    /// Appends the bytes a byte-level string stands for to <paramref name="destination"/>; returns false
    /// (leaving a partial result) if a character is outside the alphabet.
    /// </summary>
    public static bool TryDecode(string symbols, List<byte> destination)
    {
        foreach (char c in symbols)
        {
            if (!CharToByteTable.TryGetValue(c, out byte b))
            {
                return false;
            }
            destination.Add(b);
        }
        return true;
    }

    private static char[] BuildByteToChar()
    {
        var table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
            table[b] = printable ? (char)b : (char)next++;
        }
        return table;
    }

    private static Dictionary<char, byte> BuildCharToByte(char[] byteToChar)
    {
        var map = new Dictionary<char, byte>(256);
        for (int b = 0; b < 256; b++)
        {
            map[byteToChar[b]] = (byte)b;
        }
        return map;
    }
}
