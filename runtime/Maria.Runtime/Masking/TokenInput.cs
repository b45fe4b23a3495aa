using Maria.Runtime.Packaging;

namespace Maria.Runtime.Masking;

/// <summary>
/// The one validation path for token arrays given to the library (<see cref="MariaModel.ScoreTokens(IReadOnlyList{int}, IReadOnlyList{int}, CancellationToken)"/>,
/// <see cref="MariaModel.Score(string, IReadOnlyList{int}, CancellationToken)"/> and every baseline): length against
/// the context, masks as increasing positions, text tokens only. Every refusal is a one-line
/// <see cref="MariaInputException"/>, so the same bad input gets the same message whichever entry point it came through.
/// </summary>
internal static class TokenInput
{
    /// <summary>
    /// Copies <paramref name="tokens"/> and <paramref name="masks"/> after checking length, mask order and vocabulary;
    /// the values at the masks are not checked (they are about to be filled).
    /// </summary>
    public static (int[] Tokens, int[] Masks) ForFilling(PackageManifest manifest, IReadOnlyList<int> tokens, IReadOnlyList<int> masks)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(masks);
        var tokenArray = tokens.ToArray();
        var maskArray = masks.ToArray();
        TextTokens.EnsureFits(tokenArray.Length, TextTokens.ContextLimit(manifest), "the input", "pass a shorter token array");
        for (int k = 0; k < maskArray.Length; k++)
        {
            int i = maskArray[k];
            if (i < 0 || i >= tokenArray.Length || (k > 0 && i <= maskArray[k - 1]))
            {
                throw new MariaInputException($"mask {k} is at position {i}; masks must be increasing positions in 0..{tokenArray.Length - 1}");
            }
        }
        CheckVocabulary(manifest, tokenArray, maskArray);
        return (tokenArray, maskArray);
    }

    /// <summary>As <see cref="ForFilling"/>, but the masked positions must hold the true text tokens too (they are scored).</summary>
    public static (int[] Tokens, int[] Masks) ForScoring(PackageManifest manifest, IReadOnlyList<int> tokens, IReadOnlyList<int> masks)
    {
        var (tokenArray, maskArray) = ForFilling(manifest, tokens, masks);
        CheckVocabulary(manifest, tokenArray, []);
        return (tokenArray, maskArray);
    }

    /// <summary>Refuses the first token outside the shared vocabulary, except at <paramref name="masks"/> (sorted).</summary>
    public static void CheckVocabulary(PackageManifest manifest, int[] tokens, int[] masks)
    {
        int shared = manifest.Vocabulary.SharedSize;
        for (int i = 0; i < tokens.Length; i++)
        {
            if (!TextTokens.IsText(tokens[i], shared) && Array.BinarySearch(masks, i) < 0)
            {
                throw new MariaInputException($"token {tokens[i]} at position {i} is outside the shared vocabulary 0..{shared - 1}; pass text tokens only (no special tokens)");
            }
        }
    }
}
