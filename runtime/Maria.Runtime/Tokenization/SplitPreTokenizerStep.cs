using System.Text.RegularExpressions;

namespace Maria.Runtime.Tokenization;

/// <summary>The Split pre-tokenizer: a regex or literal pattern, a behaviour for the matches, and invert.</summary>
internal sealed class SplitPreTokenizerStep(Regex pattern, SplitBehavior behavior, bool invert) : IPreTokenizerStep
{
    public WorkingText Apply(WorkingText text, List<TextRange> ranges)
    {
        RegexSplitter.SplitAll(pattern, behavior, invert, text.Text, ranges);
        return text;
    }
}
