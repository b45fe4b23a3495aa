namespace Maria.Runtime.Inference;

/// <summary>
/// What a decoder call returns, in request order: for chunk c, its MARIA logits start at row
/// <see cref="MariaOffsets"/>[c] of <see cref="Logits"/> ([n, V_s]) and of <see cref="HiddenStates"/> ([n, d_ar]);
/// its AR logits at row <see cref="ArOffsets"/>[c] of <see cref="ArLogits"/> ([m, V_s]).
/// </summary>
internal sealed record DecoderResult(float[] Logits, float[] ArLogits, float[] HiddenStates, int[] MariaOffsets, int[] ArOffsets, int VocabularySize, int HiddenSize)
{
    /// <summary>MARIA logits [V_s] of the <paramref name="k"/>-th MARIA position of chunk <paramref name="chunk"/>.</summary>
    public ReadOnlySpan<float> MariaLogits(int chunk, int k) => Logits.AsSpan((MariaOffsets[chunk] + k) * VocabularySize, VocabularySize);

    /// <summary>AR logits [V_s] of the <paramref name="k"/>-th AR position of chunk <paramref name="chunk"/>.</summary>
    public ReadOnlySpan<float> AutoregressiveLogits(int chunk, int k) => ArLogits.AsSpan((ArOffsets[chunk] + k) * VocabularySize, VocabularySize);

    /// <summary>Hidden state v [d_ar] of the <paramref name="k"/>-th MARIA position of chunk <paramref name="chunk"/>.</summary>
    public ReadOnlySpan<float> Hidden(int chunk, int k) => HiddenStates.AsSpan((MariaOffsets[chunk] + k) * HiddenSize, HiddenSize);
}
