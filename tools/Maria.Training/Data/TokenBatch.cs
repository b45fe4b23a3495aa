namespace Maria.Training.Data;

/// <summary>
/// One batch as flat row-major arrays: <see cref="InputIds"/> and <see cref="Labels"/> are [batch, sequence].
/// Labels are the token the model must predict at each position (the next token for a causal model, the original
/// token at a selected position for a masked model) or <see cref="MaskedLanguageModelMasker.IgnoredLabel"/>, so
/// both objectives are one cross-entropy with an ignore index.
/// </summary>
internal sealed record TokenBatch(long[] InputIds, long[] Labels, int BatchSize, int SequenceLength)
{
    /// <summary>How many positions carry a loss.</summary>
    public int LabelledCount => Labels.Count(l => l != MaskedLanguageModelMasker.IgnoredLabel);
}
