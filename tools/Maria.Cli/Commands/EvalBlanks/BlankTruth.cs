using Maria.Runtime;
using Maria.Runtime.Blanks;
using Maria.Runtime.Masking;

namespace Maria.Cli.Commands.EvalBlanks;

/// <summary>
/// The true fill of a held-out blank in tokens: the window's tokens, where the span starts (the marker's placeholder)
/// and how many tokens it has; null when the span's tokens depend on its neighbours (the window's tokens are then not
/// the template's around the span), which the evaluation skips and counts.
/// </summary>
internal sealed class BlankTruth
{
    private BlankTruth(int[] tokens, int start, int length, string spanText)
    {
        Tokens = tokens;
        Start = start;
        Length = length;
        SpanText = spanText;
    }

    /// <summary>The true window's tokens.</summary>
    public int[] Tokens { get; }

    /// <summary>Index of the span's first token.</summary>
    public int Start { get; }

    /// <summary>The span's token count.</summary>
    public int Length { get; }

    /// <summary>The span's tokens decoded (with its leading space).</summary>
    public string SpanText { get; }

    public static BlankTruth? Of(MariaModel model, HeldOutBlank blank)
    {
        var tokens = model.Tokenizer.Encode(blank.Text).ToArray();
        var template = model.Tokenizer.Encode(blank.Masked("[MASK]")).ToArray();
        int start = Array.IndexOf(template, model.Manifest.Vocabulary.MaskId);
        int length = tokens.Length - (template.Length - 1);
        if (start < 0 || length < 1 || tokens.Any(t => !TextTokens.IsText(t, model.Manifest.Vocabulary.SharedSize))
            || !tokens.AsSpan(0, start).SequenceEqual(template.AsSpan(0, start))
            || !tokens.AsSpan(start + length).SequenceEqual(template.AsSpan(start + 1)))
        {
            return null;
        }
        return new BlankTruth(tokens, start, length, model.Tokenizer.Decode(tokens[start..(start + length)]));
    }

    /// <summary>
    /// The true span's score on the search's scale: the causal model's log-likelihood of the window from the span on
    /// (CausalJoint), or MARIA's log p of the span at its true length plus the causal model's of the text after it.
    /// </summary>
    public double Score(MariaModel model, BlankScoring scoring)
    {
        int from = scoring == BlankScoring.CausalJoint ? Start : Start + Length;
        double score = from < Tokens.Length ? model.Baselines.AutoregressiveLogProbabilities(Tokens, [.. Enumerable.Range(from, Tokens.Length - from)]).Sum() : 0;
        if (scoring == BlankScoring.MariaPlusSuffix)
        {
            score += model.ScoreTokens(Tokens, [.. Enumerable.Range(Start, Length)]).LogLikelihood;
        }
        return score;
    }
}
