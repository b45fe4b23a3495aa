using Maria.Runtime;
using Maria.Runtime.Tokenization;

namespace Maria.Cli.Commands.Eval;

/// <summary>
/// The bits-per-byte denominator: the UTF-8 bytes that the masked tokens stand for, each token's own decoded bytes
/// (its byte-level piece; a character split over tokens counts each part where it falls). Cached per id.
/// </summary>
internal sealed class MaskedTokenBytes
{
    private readonly HuggingFaceTokenizer tokenizer;
    private readonly Dictionary<int, int> lengths = [];

    public MaskedTokenBytes(HuggingFaceTokenizer tokenizer) => this.tokenizer = tokenizer;

    /// <summary>Σ bytes(tokens[i]) over i in <paramref name="masks"/>.</summary>
    public long Count(int[] tokens, int[] masks)
    {
        long total = 0;
        foreach (int i in masks)
        {
            int id = tokens[i];
            if (!lengths.TryGetValue(id, out int length))
            {
                length = tokenizer.GetTokenBytes(id).Length;
                lengths[id] = length;
            }
            total += length;
        }
        return total;
    }
}
