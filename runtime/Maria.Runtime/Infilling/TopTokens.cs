using Maria.Runtime.Numerics;

namespace Maria.Runtime.Infilling;

/// <summary>The k most probable tokens of one row of MARIA logits, most probable first (an editor's list of alternatives).</summary>
internal static class TopTokens
{
    /// <param name="logits">The head's logits at one mask ([V_s]), finite (the sampler has checked them).</param>
    /// <param name="count">How many tokens to return (k ≪ V_s: one pass keeping the k best).</param>
    /// <param name="decodeToken">A token id's text.</param>
    public static TokenAlternative[] Of(ReadOnlySpan<float> logits, int count, Func<int, string> decodeToken)
    {
        count = Math.Min(count, logits.Length);
        var best = new List<int>(count + 1);   // ids, largest logit first
        for (int id = 0; id < logits.Length; id++)
        {
            if (best.Count == count && logits[id] <= logits[best[^1]])
            {
                continue;
            }
            int at = best.Count;
            while (at > 0 && logits[best[at - 1]] < logits[id])
            {
                at--;
            }
            best.Insert(at, id);
            if (best.Count > count)
            {
                best.RemoveAt(count);
            }
        }
        // The one softmax of the product (k passes over the row: k is small).
        var alternatives = new TokenAlternative[best.Count];
        for (int k = 0; k < best.Count; k++)
        {
            alternatives[k] = new TokenAlternative(best[k], decodeToken(best[k]), (float)LogSoftmax.Probability(logits, best[k]));
        }
        return alternatives;
    }
}
