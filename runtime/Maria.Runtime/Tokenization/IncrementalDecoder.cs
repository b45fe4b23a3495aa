using System.Text;

namespace Maria.Runtime;

/// <summary>
/// Decodes ids that arrive one at a time into text pieces that never split a character: bytes of an unfinished
/// UTF-8 sequence are held back until the token that completes it arrives. The pieces of
/// <see cref="Append"/> followed by <see cref="Flush"/> concatenate to <see cref="HuggingFaceTokenizer.Decode"/>
/// of all ids. Not thread-safe: one instance per stream. Create with <see cref="HuggingFaceTokenizer.CreateIncrementalDecoder"/>.
/// </summary>
public sealed class IncrementalDecoder
{
    private readonly HuggingFaceTokenizer _tokenizer;
    private readonly bool _skipSpecialTokens;
    // Replacement (not exception) fallback: broken sequences become U+FFFD, as in Decode.
    private readonly Decoder _utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();

    internal IncrementalDecoder(HuggingFaceTokenizer tokenizer, bool skipSpecialTokens)
    {
        _tokenizer = tokenizer;
        _skipSpecialTokens = skipSpecialTokens;
    }

    /// <summary>Adds one id; returns the text completed by it ("" while a character is still incomplete).</summary>
    /// <exception cref="MariaInputException">The id is outside the vocabulary.</exception>
    public string Append(int id)
    {
        byte[] bytes = _tokenizer.TokenBytes(id);
        if (_skipSpecialTokens && _tokenizer.IsSpecial(id))
        {
            return "";
        }
        return Convert(bytes, flush: false);
    }

    /// <summary>Ends the stream: returns the held-back bytes (U+FFFD for a tail that is not valid UTF-8) and resets.</summary>
    public string Flush() => Convert([], flush: true);

    private string Convert(byte[] bytes, bool flush)
    {
        int count = _utf8.GetCharCount(bytes, flush);
        if (count == 0)
        {
            if (flush || bytes.Length > 0)
            {
                // Feed the bytes so that the decoder's state advances even when no char comes out yet.
                _utf8.GetChars(bytes, Span<char>.Empty, flush);
            }
            return "";
        }
        var chars = new char[count];
        int written = _utf8.GetChars(bytes, chars, flush);
        return new string(chars, 0, written);
    }
}
