using System.Numerics.Tensors;

namespace Maria.Runtime.Sampling;

/// <summary>
/// Chooses tokens from logits according to <see cref="SamplingOptions"/>. One instance per decode: it owns its
/// random generator (seeded, so a decode is reproducible) and scratch buffers; not thread-safe.
/// </summary>
public sealed class TokenSampler
{
    private readonly SamplingOptions options;
    private readonly Random random;
    private float[] probabilities = [];
    private float[] scaledProbabilities = [];
    private int[] order = [];

    /// <summary>Creates a sampler; <paramref name="options"/> are validated.</summary>
    public TokenSampler(SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        // Random(int) is deterministic for a seed; fold the 64-bit seed into it.
        random = new Random(unchecked((int)(options.Seed ^ (options.Seed >> 32))));
    }

    /// <summary>
    /// Picks a token from <paramref name="logits"/> ([vocabulary]) and returns it with its probability under the
    /// model's distribution at temperature 1 (so reported probabilities do not depend on the sampling settings).
    /// </summary>
    public (int Token, float Probability) Choose(ReadOnlySpan<float> logits)
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentException("no logits to choose from", nameof(logits));
        }
        EnsureCapacity(logits.Length);
        var p = probabilities.AsSpan(0, logits.Length);
        TensorPrimitives.SoftMax(logits, p);
        int token = options.IsGreedy ? TensorPrimitives.IndexOfMax(logits) : Sample(logits);
        return (token, p[token]);
    }

    private int Sample(ReadOnlySpan<float> logits)
    {
        int n = logits.Length;
        var scaled = scaledProbabilities.AsSpan(0, n);
        TensorPrimitives.Divide(logits, options.Temperature, scaled);
        TensorPrimitives.SoftMax(scaled, scaled);
        if (options.TopK == 0 && options.TopP >= 1f)
        {
            // Plain temperature sampling: every token stays a candidate, so no ordering is needed (a sort of the
            // whole vocabulary per token would cost more than the rest of the choice).
            return DrawInIdOrder(scaled);
        }

        var ids = order.AsSpan(0, n);
        for (int i = 0; i < n; i++)
        {
            ids[i] = i;
        }
        // Sort candidate ids by probability, most likely first; ties by id so the order is deterministic.
        var weights = scaledProbabilities;
        ids.Sort((a, b) => weights[a] != weights[b] ? weights[b].CompareTo(weights[a]) : a.CompareTo(b));

        int keep = options.TopK > 0 ? Math.Min(options.TopK, n) : n;
        if (options.TopP < 1f)
        {
            float cumulative = 0f;
            for (int i = 0; i < keep; i++)
            {
                cumulative += scaled[ids[i]];
                if (cumulative >= options.TopP)
                {
                    keep = i + 1;
                    break;
                }
            }
        }
        float total = 0f;
        for (int i = 0; i < keep; i++)
        {
            total += scaled[ids[i]];
        }
        double draw = random.NextDouble() * total;
        double running = 0;
        for (int i = 0; i < keep; i++)
        {
            running += scaled[ids[i]];
            if (draw < running)
            {
                return ids[i];
            }
        }
        return ids[keep - 1];
    }

    /// <summary>Inverse-CDF draw over <paramref name="weights"/> ([vocabulary], summing to about 1) in id order.</summary>
    private int DrawInIdOrder(ReadOnlySpan<float> weights)
    {
        double total = TensorPrimitives.Sum(weights);
        double draw = random.NextDouble() * total;
        double running = 0;
        int last = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] <= 0f)
            {
                continue;
            }
            last = i;
            running += weights[i];
            if (draw < running)
            {
                return i;
            }
        }
        return last; // rounding left the draw just above the running sum: the last possible token
    }

    private void EnsureCapacity(int n)
    {
        if (probabilities.Length < n)
        {
            probabilities = new float[n];
            scaledProbabilities = new float[n];
            order = new int[n];
        }
    }
}
