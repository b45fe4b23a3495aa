namespace Maria.Runtime.Tokenization;

/// <summary>What a Split pre-tokenizer does with the pattern's matches (Hugging Face's SplitDelimiterBehavior).</summary>
internal enum SplitBehavior
{
    /// <summary>Matches are dropped.</summary>
    Removed,
    /// <summary>Matches become pieces of their own.</summary>
    Isolated,
    /// <summary>A match is appended to the piece before it.</summary>
    MergedWithPrevious,
    /// <summary>A match is prepended to the piece after it.</summary>
    MergedWithNext,
    /// <summary>Consecutive matches form one piece.</summary>
    Contiguous,
}
