namespace Maria.Runtime;

/// <summary>
/// Per-token states of one text from the package's own graphs. The masked LM reads the text with <c>[MASK]</c> at
/// <see cref="MaskPositions"/>; the causal model reads <see cref="TokenIds"/> (at the masks: the fills or true tokens
/// it was given). Row-major float arrays; token i is 0-based (no [CLS]/[BOS]).
/// </summary>
/// <param name="TokenIds">The n text tokens the causal model read ([n], shared-vocabulary ids).</param>
/// <param name="MaskPositions">Increasing positions the masked LM saw as [MASK] (empty for an unmasked text).</param>
/// <param name="MlmStates">u for every token: MLM stream index i + 1, [n, d_mlm].</param>
/// <param name="ArStates">v for every AR stream index 0..n ([BOS] x_1 .. x_n): row k has read k text tokens, [n + 1, d_ar].</param>
/// <param name="MlmHiddenSize">d_mlm.</param>
/// <param name="ArHiddenSize">d_ar.</param>
public sealed record TokenRepresentations(int[] TokenIds, int[] MaskPositions, float[] MlmStates, float[] ArStates, int MlmHiddenSize, int ArHiddenSize)
{
    /// <summary>Number of text tokens n.</summary>
    public int Count => TokenIds.Length;

    /// <summary>The width of one row of <paramref name="kind"/>.</summary>
    public int Width(RepresentationKind kind) => kind switch
    {
        RepresentationKind.MaskedLanguageModel => MlmHiddenSize,
        RepresentationKind.Autoregressive => ArHiddenSize,
        _ => ArHiddenSize + MlmHiddenSize,
    };

    /// <summary>u_i [d_mlm] of token <paramref name="i"/>.</summary>
    public ReadOnlySpan<float> Mlm(int i) => MlmStates.AsSpan(CheckToken(i) * MlmHiddenSize, MlmHiddenSize);

    /// <summary>The causal state [d_ar] that stands for token <paramref name="i"/> under <paramref name="alignment"/>.</summary>
    public ReadOnlySpan<float> Ar(int i, ArAlignment alignment = ArAlignment.HeadInput) =>
        ArStates.AsSpan((CheckToken(i) + (alignment == ArAlignment.AfterToken ? 1 : 0)) * ArHiddenSize, ArHiddenSize);

    /// <summary>
    /// One row per token, [n, <see cref="Width"/>(<paramref name="kind"/>)]: u_i, the aligned v, or [v ; u_i]
    /// (with the default alignment, row i of <see cref="RepresentationKind.Maria"/> is the head's input at i).
    /// </summary>
    public float[] Matrix(RepresentationKind kind, ArAlignment alignment = ArAlignment.HeadInput)
    {
        int width = Width(kind);
        var rows = new float[Count * width];
        for (int i = 0; i < Count; i++)
        {
            var row = rows.AsSpan(i * width, width);
            if (kind != RepresentationKind.MaskedLanguageModel)
            {
                Ar(i, alignment).CopyTo(row);
            }
            if (kind != RepresentationKind.Autoregressive)
            {
                Mlm(i).CopyTo(row[(width - MlmHiddenSize)..]);
            }
        }
        return rows;
    }

    /// <summary>The mean of <see cref="Matrix"/>'s rows, [width] (zeros for an empty text).</summary>
    public float[] Mean(RepresentationKind kind, ArAlignment alignment = ArAlignment.HeadInput)
    {
        int width = Width(kind);
        var rows = Matrix(kind, alignment);
        var mean = new float[width];
        for (int i = 0; i < Count; i++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(mean, rows.AsSpan(i * width, width), mean);
        }
        if (Count > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(mean, Count, mean);
        }
        return mean;
    }

    private int CheckToken(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, Count);
        return i;
    }
}
