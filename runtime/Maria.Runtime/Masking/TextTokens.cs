using Maria.Runtime.Packaging;
using Maria.Runtime.Tokenization;

namespace Maria.Runtime.Masking;

/// <summary>
/// What counts as text, and how much of it a package reads: text tokens are the ids of the shared vocabulary V_s
/// (0 .. SharedSize-1, maria-method.md §2); special tokens such as <c>[MASK]</c>, <c>[CLS]</c> or a literal
/// "&lt;|endoftext|&gt;" typed in a text never are. A package holds at most <see cref="ContextLimit"/> text tokens:
/// the MLM stream adds [CLS] and [SEP], the causal stream [BOS].
/// </summary>
internal static class TextTokens
{
    /// <summary>Whether <paramref name="id"/> is a text token of a shared vocabulary of <paramref name="sharedSize"/> ids.</summary>
    public static bool IsText(int id, int sharedSize) => id >= 0 && id < sharedSize;

    /// <summary>The text tokens of <paramref name="text"/> (special tokens left out), in order.</summary>
    public static int[] Encode(HuggingFaceTokenizer tokenizer, string text, int sharedSize)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return [.. tokenizer.Encode(text).Where(id => IsText(id, sharedSize))];
    }

    /// <summary>The most text tokens both models of <paramref name="manifest"/> read: min(encoder context - 2, decoder context - 1).</summary>
    public static int ContextLimit(PackageManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Math.Min(manifest.Encoder.ContextLength - 2, manifest.Decoder.ContextLength - 1);
    }

    /// <summary>
    /// Throws a one-line <see cref="MariaInputException"/> when <paramref name="tokens"/> text tokens exceed
    /// <paramref name="limit"/>: "<paramref name="what"/> is N tokens but the model's context holds at most L text
    /// tokens; <paramref name="fix"/>".
    /// </summary>
    public static void EnsureFits(int tokens, int limit, string what, string fix)
    {
        if (tokens > limit)
        {
            throw new MariaInputException($"{what} is {tokens} tokens but the model's context holds at most {limit} text tokens; {fix}");
        }
    }
}
