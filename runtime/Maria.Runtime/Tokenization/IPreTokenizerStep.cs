namespace Maria.Runtime.Tokenization;

/// <summary>One pre-tokenizer of tokenizer.json (a step of a Sequence, or the only one).</summary>
internal interface IPreTokenizerStep
{
    /// <summary>
    /// Splits every range of <paramref name="text"/> further, in place in <paramref name="ranges"/> (kept in
    /// order, non-overlapping). Returns the text the ranges refer to afterwards (a step may insert chars).
    /// </summary>
    WorkingText Apply(WorkingText text, List<TextRange> ranges);
}
