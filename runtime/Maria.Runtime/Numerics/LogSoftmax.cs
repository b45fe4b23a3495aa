using System.Numerics.Tensors;

namespace Maria.Runtime.Numerics;

/// <summary>
/// The one softmax of logits in the product: every sampled token, reported probability and log-likelihood goes
/// through here. The largest logit is subtracted before exponentiating, so every exponent is at most 0 and nothing
/// overflows whatever the logits' scale or the temperature (exp(x) overflows a float above 88.72); the exponentials
/// are computed vectorised in float (each within an ulp, all in (0, 1]) and summed in double, and the logarithm of the
/// sum is taken in double. Non-finite logits are refused with <see cref="NonFiniteLogitsException"/>.
/// </summary>
internal static class LogSoftmax
{
    /// <summary>Throws <see cref="NonFiniteLogitsException"/> when a logit is NaN or infinite.</summary>
    /// <param name="logits">One row of logits ([vocabulary]).</param>
    /// <param name="position">The text position the row predicts, for the message; -1 when unknown.</param>
    public static void EnsureFinite(ReadOnlySpan<float> logits, int position)
    {
        if (TensorPrimitives.IsFiniteAll(logits))
        {
            return;
        }
        int first = -1;
        int count = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            if (!float.IsFinite(logits[i]))
            {
                first = first < 0 ? i : first;
                count++;
            }
        }
        throw new NonFiniteLogitsException(position, first, logits[first], count, logits.Length);
    }

    /// <summary>log softmax(<paramref name="logits"/>)[<paramref name="index"/>] at temperature 1.</summary>
    /// <param name="logits">One row of logits ([vocabulary]).</param>
    /// <param name="index">The vocabulary id whose log-probability is wanted.</param>
    /// <param name="position">The text position the row predicts, named if the logits are not finite; -1 when unknown.</param>
    public static double At(ReadOnlySpan<float> logits, int index, int position = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, logits.Length);
        EnsureFinite(logits, position);
        float max = TensorPrimitives.Max(logits);
        float[] rented = System.Buffers.ArrayPool<float>.Shared.Rent(logits.Length);
        try
        {
            double sum = ShiftedExponentials(logits, max, 1f, rented.AsSpan(0, logits.Length));
            return ((double)logits[index] - max) - Math.Log(sum);
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>softmax(<paramref name="logits"/>)[<paramref name="index"/>] at temperature 1: exp of <see cref="At"/>, so never NaN.</summary>
    /// <param name="logits">One row of logits ([vocabulary]).</param>
    /// <param name="index">The vocabulary id whose probability is wanted.</param>
    /// <param name="position">The text position the row predicts, named if the logits are not finite; -1 when unknown.</param>
    public static double Probability(ReadOnlySpan<float> logits, int index, int position = -1) => Math.Exp(At(logits, index, position));

    /// <summary>
    /// The tempered softmax's unnormalised weights w_i = exp((x_i - max) / T) into <paramref name="weights"/>: the
    /// largest is 1 (within the vectorised exp's ulp), so their sum (returned, in double) is about 1 or more and never
    /// overflows, and p_i = w_i / sum. Logits must be finite (see <see cref="EnsureFinite"/>).
    /// </summary>
    /// <param name="logits">One row of finite logits ([vocabulary]).</param>
    /// <param name="temperature">Positive temperature T; small values sharpen, and far below the logits' gaps only the maxima keep weight.</param>
    /// <param name="weights">Destination ([vocabulary]).</param>
    public static double TemperedWeights(ReadOnlySpan<float> logits, float temperature, Span<float> weights)
    {
        if (!(temperature > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the temperature of a softmax must be positive");
        }
        return ShiftedExponentials(logits, TensorPrimitives.Max(logits), temperature, weights);
    }

    /// <summary>exp((x - max) / T) into <paramref name="destination"/>, returning the sum in double.</summary>
    private static double ShiftedExponentials(ReadOnlySpan<float> logits, float max, float temperature, Span<float> destination)
    {
        // x - max <= 0 (exactly 0 at the maximum), so each exponential lies in (0, 1] or underflows to 0.
        TensorPrimitives.Subtract(logits, max, destination);
        if (temperature != 1f)
        {
            TensorPrimitives.Divide(destination, temperature, destination);
        }
        TensorPrimitives.Exp(destination, destination);
        double sum = 0;
        foreach (float value in destination)
        {
            sum += value;
        }
        return sum;
    }
}
