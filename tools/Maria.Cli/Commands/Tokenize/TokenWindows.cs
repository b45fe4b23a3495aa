using Maria.Runtime;
using Maria.Runtime.Tokenization;

namespace Maria.Cli.Commands.Tokenize;

/// <summary>
/// Windows of exactly <c>length</c> tokens cut from one text's tokens, each kept only when its decoded text encodes
/// back to the very same ids: a window that starts inside a word or ends in the middle of a UTF-8 character would
/// come back as other tokens, so the cut slides one token on until it round-trips. A window is never shorter (a
/// text's last tokens that do not fill one are dropped) and never holds a special token.
/// </summary>
internal static class TokenWindows
{
    /// <summary>The round-tripping windows of <paramref name="ids"/>, in order, as (ids, decoded text).</summary>
    public static IEnumerable<(int[] Ids, string Text)> Cut(HuggingFaceTokenizer tokenizer, IReadOnlyList<int> ids, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        int start = 0;
        while (start + length <= ids.Count)
        {
            var window = ids.Skip(start).Take(length).ToArray();
            string text = tokenizer.Decode(window);
            if (!window.Any(tokenizer.IsSpecialToken) && tokenizer.Encode(text).SequenceEqual(window))
            {
                yield return (window, text);
                start += length;
            }
            else
            {
                start++;
            }
        }
    }
}
