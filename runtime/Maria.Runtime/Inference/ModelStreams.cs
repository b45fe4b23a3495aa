using Maria.Runtime.Packaging;

namespace Maria.Runtime.Inference;

/// <summary>
/// The two input streams of maria-method.md §2, built in one place: the MLM stream [CLS] x' [SEP] (token x_i at
/// index i + 1, [MASK] at masked positions) and the AR stream [BOS] x_1 .. (token x_i at index i + 1).
/// </summary>
internal static class ModelStreams
{
    /// <summary>[CLS] x' [SEP] ([n + 2]) with every position of <paramref name="masks"/> set to [MASK].</summary>
    public static long[] Masked(VocabularyManifest vocabulary, ReadOnlySpan<int> tokens, ReadOnlySpan<int> masks)
    {
        var stream = new long[tokens.Length + 2];
        stream[0] = vocabulary.ClsId;
        for (int i = 0; i < tokens.Length; i++)
        {
            stream[i + 1] = tokens[i];
        }
        stream[^1] = vocabulary.SepId;
        foreach (int i in masks)
        {
            stream[i + 1] = vocabulary.MaskId;
        }
        return stream;
    }

    /// <summary>[BOS] followed by the first <paramref name="length"/> - 1 of <paramref name="tokens"/> ([length]).</summary>
    public static long[] Causal(VocabularyManifest vocabulary, ReadOnlySpan<int> tokens, int length)
    {
        var stream = new long[length];
        stream[0] = vocabulary.BosId;
        for (int j = 1; j < length; j++)
        {
            stream[j] = tokens[j - 1];
        }
        return stream;
    }

    /// <summary>Stream indices (i + 1) of the masked tokens in the MLM stream.</summary>
    public static int[] MaskedRows(ReadOnlySpan<int> masks)
    {
        var rows = new int[masks.Length];
        for (int k = 0; k < masks.Length; k++)
        {
            rows[k] = masks[k] + 1;
        }
        return rows;
    }
}
