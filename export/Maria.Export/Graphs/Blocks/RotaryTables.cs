namespace Maria.Export.Graphs.Blocks;

/// <summary>
/// RoPE cos/sin caches computed exactly as Hugging Face does (architectures.md §0), all in float32:
/// <c>inv_freq[k] = 1 / θ^(2k/D)</c> with the exponent <c>(2k)/D</c> rounded to float32 first, angle
/// <c>a[p,k] = p · inv_freq[k]</c> in float32, then cos/sin of that float32 angle.
/// Tables are the half tables ONNX Runtime's RotaryEmbedding and GroupQueryAttention take:
/// <c>[maxPositions, D/2]</c>, entry (p, k) for the rotate_half pair (k, k + D/2).
/// </summary>
/// <param name="Cos">Row-major <c>[MaxPositions, HeadDim/2]</c>.</param>
/// <param name="Sin">Row-major <c>[MaxPositions, HeadDim/2]</c>.</param>
/// <param name="MaxPositions">Rows: positions 0 .. MaxPositions-1.</param>
/// <param name="HeadDim">The rotary dimension D (the full head dimension for every model here).</param>
public sealed record RotaryTables(float[] Cos, float[] Sin, int MaxPositions, int HeadDim)
{
    /// <summary>Half the head dimension: the width of each table row.</summary>
    public int HalfDim => HeadDim / 2;

    /// <summary>Computes the tables for rotary base <paramref name="theta"/> (10000 for OLMo, 160000/10000 for ModernBERT).</summary>
    public static RotaryTables Compute(int headDim, float theta, int maxPositions)
    {
        if (headDim <= 0 || headDim % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(headDim), headDim, "the rotary dimension must be positive and even");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPositions);
        int half = headDim / 2;
        var inverseFrequency = new float[half];
        for (int k = 0; k < half; k++)
        {
            // torch: arange(0, D, 2).float() / D  -> float32; base ** that -> float32; 1.0 / that -> float32.
            float exponent = (float)(2 * k) / headDim;
            inverseFrequency[k] = 1f / MathF.Pow(theta, exponent);
        }

        var cos = new float[maxPositions * half];
        var sin = new float[maxPositions * half];
        for (int p = 0; p < maxPositions; p++)
        {
            for (int k = 0; k < half; k++)
            {
                float angle = p * inverseFrequency[k];
                cos[p * half + k] = MathF.Cos(angle);
                sin[p * half + k] = MathF.Sin(angle);
            }
        }

        return new RotaryTables(cos, sin, maxPositions, headDim);
    }
}
