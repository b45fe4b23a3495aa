namespace Maria.Runtime.Tokenization;

/// <summary>
/// The ByteLevel pre-tokenizer: optionally a space before every piece that does not start with one
/// (add_prefix_space), then, with use_regex, the GPT-2 split pattern with every match a piece of its own.
/// The byte-to-character mapping itself is done by the BPE model (Microsoft.ML.Tokenizers' ByteLevel option).
/// </summary>
internal sealed class ByteLevelPreTokenizerStep(bool addPrefixSpace, bool useRegex) : IPreTokenizerStep
{
    public bool AddPrefixSpace { get; } = addPrefixSpace;

    public bool UseRegex { get; } = useRegex;

    public WorkingText Apply(WorkingText text, List<TextRange> ranges)
    {
        if (AddPrefixSpace)
        {
            text = text.PrependSpaces(ranges);
        }
        if (UseRegex)
        {
            RegexSplitter.SplitAll(ByteLevelAlphabet.Gpt2SplitRegex, SplitBehavior.Isolated, invert: false, text.Text, ranges);
        }
        return text;
    }
}
