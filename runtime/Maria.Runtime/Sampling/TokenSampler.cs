using System.Numerics.Tensors;
using Maria.Runtime.Masking;
using Maria.Runtime.Numerics;

namespace Maria.Runtime.Sampling;

/// <summary>
/// Chooses tokens from logits according to <see cref="SamplingOptions"/>. One instance per decode: it owns its
/// random generator (a <see cref="SeededRandom"/> started at the seed, so a decode is reproducible on any .NET version) and scratch buffers; not thread-safe. Every probability is
/// computed by <see cref="LogSoftmax"/> (the maximum subtracted first), so logits of any scale and temperatures down
/// to 0 give the right distribution; non-finite logits throw <see cref="NonFiniteLogitsException"/>.
/// </summary>
internal sealed class TokenSampler
{
    private readonly SamplingOptions options;
    private readonly SeededRandom random;
    private float[] weights = [];
    private float[] sortKeys = [];
    private int[] order = [];

    /// <summary>Creates a sampler; <paramref name="options"/> are validated.</summary>
    public TokenSampler(SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        // SplitMix64 started at the seed: the same draws on every .NET version (System.Random promises no sequence).
        random = new SeededRandom(options.Seed);
    }

    /// <summary>
    /// Picks a token from <paramref name="logits"/> ([vocabulary]) and returns it with its probability under the
    /// model's distribution at temperature 1 (so reported probabilities do not depend on the sampling settings).
    /// </summary>
    /// <exception cref="NonFiniteLogitsException">A logit is NaN or infinite (a damaged package).</exception>
    public (int Token, float Probability) Choose(ReadOnlySpan<float> logits) => Choose(logits, -1);

    /// <summary>
    /// As <see cref="Choose(ReadOnlySpan{float})"/>, naming <paramref name="position"/> (the index of the predicted
    /// token in the text) in the error when the logits are not finite.
    /// </summary>
    /// <exception cref="NonFiniteLogitsException">A logit is NaN or infinite (a damaged package).</exception>
    public (int Token, float Probability) Choose(ReadOnlySpan<float> logits, int position) => Choose(logits, position, null);

    /// <summary>
    /// As <see cref="Choose(ReadOnlySpan{float}, int)"/>, choosing only among <paramref name="allowed"/> (all when null);
    /// the probability reported is still the model's unconstrained one.
    /// </summary>
    internal (int Token, float Probability) Choose(ReadOnlySpan<float> logits, int position, AllowedTokens? allowed)
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentException("no logits to choose from", nameof(logits));
        }
        LogSoftmax.EnsureFinite(logits, position);
        if (allowed is not null)
        {
            if (allowed.Count == 0)
            {
                throw new ArgumentException("no token is allowed at this position", nameof(allowed));
            }
            var constrained = new float[logits.Length];
            allowed.Apply(logits, constrained);
            int chosen = Choose(constrained, position, null).Token;
            return (chosen, (float)LogSoftmax.Probability(logits, chosen, position));
        }
        if (options.IsGreedy)
        {
            int best = TensorPrimitives.IndexOfMax(logits);
            return (best, (float)LogSoftmax.Probability(logits, best, position));
        }
        EnsureCapacity(logits.Length);
        var w = weights.AsSpan(0, logits.Length);
        double total = LogSoftmax.TemperedWeights(logits, options.Temperature, w);
        int token = options.TopK == 0 && options.TopP >= 1f ? DrawInIdOrder(w, total) : DrawFromTop(logits, w);
        // At temperature 1 the weights already are the reported distribution; otherwise compute it.
        double probability = options.Temperature == 1f ? w[token] / total : LogSoftmax.Probability(logits, token, position);
        return (token, (float)probability);
    }

    /// <summary>
    /// Top-k then top-p, as Hugging Face's processors apply them: keep the K heaviest tokens, then the smallest prefix
    /// of them (heaviest first) whose renormalised probability reaches P, and draw among those.
    /// </summary>
    private int DrawFromTop(ReadOnlySpan<float> logits, ReadOnlySpan<float> w)
    {
        int n = w.Length;
        var ids = order.AsSpan(0, n);
        for (int i = 0; i < n; i++)
        {
            ids[i] = i;
        }
        // Heaviest first, ordered by the logits themselves (equal logits may get weights an ulp apart from the
        // vectorised exp); ties by id, so the order and a top-k cut through a tie are deterministic.
        logits.CopyTo(sortKeys);
        var keys = sortKeys;
        ids.Sort((a, b) => keys[a] != keys[b] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b));

        int keep = options.TopK > 0 ? Math.Min(options.TopK, n) : n;
        // Sums in the order of the draw below, so the draw's running sum ends exactly at the total it scales.
        double keptTotal = 0;
        for (int i = 0; i < keep; i++)
        {
            keptTotal += w[ids[i]];
        }
        if (options.TopP < 1f)
        {
            double cumulative = 0;
            for (int i = 0; i < keep; i++)
            {
                cumulative += w[ids[i]];
                if (cumulative >= options.TopP * keptTotal)
                {
                    keep = i + 1;
                    keptTotal = cumulative;
                    break;
                }
            }
        }
        double draw = random.NextDouble() * keptTotal;
        double running = 0;
        int last = ids[0];
        for (int i = 0; i < keep; i++)
        {
            if (w[ids[i]] <= 0f)
            {
                break; // sorted heaviest first: the rest of the kept tokens have no weight either
            }
            last = ids[i];
            running += w[ids[i]];
            if (draw < running)
            {
                return ids[i];
            }
        }
        return last; // the product draw * total rounded up to the total: the lightest kept token with weight
    }

    /// <summary>Inverse-CDF draw over <paramref name="w"/> ([vocabulary], summing to <paramref name="total"/>) in id order.</summary>
    private int DrawInIdOrder(ReadOnlySpan<float> w, double total)
    {
        // Plain temperature sampling: every token stays a candidate, so no ordering is needed (a sort of the whole
        // vocabulary per token would cost more than the rest of the choice).
        double draw = random.NextDouble() * total;
        double running = 0;
        int last = 0;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] <= 0f)
            {
                continue;
            }
            last = i;
            running += w[i];
            if (draw < running)
            {
                return i;
            }
        }
        return last; // the product draw * total rounded up to the total: the last token with weight
    }

    private void EnsureCapacity(int n)
    {
        if (weights.Length < n)
        {
            weights = new float[n];
            sortKeys = new float[n];
            order = new int[n];
        }
    }
}
