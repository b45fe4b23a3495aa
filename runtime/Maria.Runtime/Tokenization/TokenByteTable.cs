using System.Text;

namespace Maria.Runtime.Tokenization;

/// <summary>
/// The UTF-8 bytes each id stands for under the ByteLevel decoder, done here because Microsoft.ML.Tokenizers
/// cannot decode a prefix that ends inside a character: a token whose characters are all in the byte-level
/// alphabet stands for those bytes; any other token (e.g. an added token made of spaces) for its own UTF-8.
/// </summary>
internal sealed class TokenByteTable
{
    private readonly byte[]?[] _bytes;

    /// <param name="tokens">Token string by id (null where an id is unassigned).</param>
    public TokenByteTable(IReadOnlyList<string?> tokens)
    {
        _bytes = new byte[]?[tokens.Count];
        var buffer = new List<byte>();
        for (int id = 0; id < tokens.Count; id++)
        {
            if (tokens[id] is not { } token)
            {
                continue;
            }
            buffer.Clear();
            _bytes[id] = ByteLevelAlphabet.TryDecode(token, buffer) ? [.. buffer] : Encoding.UTF8.GetBytes(token);
        }
    }

    /// <summary>The bytes of <paramref name="id"/>, or null if the id is outside the vocabulary.</summary>
    public byte[]? Get(int id) => id >= 0 && id < _bytes.Length ? _bytes[id] : null;
}
