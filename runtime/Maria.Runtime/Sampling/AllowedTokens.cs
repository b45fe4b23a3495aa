namespace Maria.Runtime.Sampling;

/// <summary>
/// The token ids a position may be filled with (e.g. only tokens that start a word with a space): the sampler chooses
/// among these alone, as if every other logit were minus infinity, while the probability it reports stays the model's
/// own (unconstrained, temperature 1), so reported probabilities mean the same with or without a constraint.
/// </summary>
internal sealed class AllowedTokens
{
    private readonly bool[] allowed;

    /// <summary>Allows the ids in <paramref name="ids"/> out of a vocabulary of <paramref name="vocabularySize"/>.</summary>
    public AllowedTokens(int vocabularySize, IEnumerable<int> ids)
    {
        allowed = new bool[vocabularySize];
        foreach (int id in ids)
        {
            allowed[id] = true;
            Count++;
        }
    }

    private AllowedTokens(bool[] allowed)
    {
        this.allowed = allowed;
        Count = allowed.Count(a => a);
    }

    /// <summary>Every id of a vocabulary of <paramref name="vocabularySize"/>.</summary>
    public static AllowedTokens All(int vocabularySize) => new(Enumerable.Repeat(true, vocabularySize).ToArray());

    /// <summary>These ids but <paramref name="id"/>.</summary>
    public AllowedTokens Without(int id)
    {
        var copy = (bool[])allowed.Clone();
        copy[id] = false;
        return new AllowedTokens(copy);
    }

    /// <summary>How many ids are allowed.</summary>
    public int Count { get; }

    /// <summary>Whether <paramref name="id"/> may be chosen.</summary>
    public bool Contains(int id) => id >= 0 && id < allowed.Length && allowed[id];

    /// <summary>
    /// Copies <paramref name="logits"/> ([vocabulary]) into <paramref name="destination"/> with every disallowed logit
    /// pushed far below the smallest allowed one (finite, so the softmax's checks still hold; its weight is exactly 0 at
    /// any temperature up to about 1e6).
    /// </summary>
    public void Apply(ReadOnlySpan<float> logits, Span<float> destination)
    {
        float floor = float.MaxValue;
        for (int i = 0; i < logits.Length; i++)
        {
            if (i < allowed.Length && allowed[i] && logits[i] < floor)
            {
                floor = logits[i];
            }
        }
        float excluded = floor == float.MaxValue ? -1e30f : floor - 1e30f;
        for (int i = 0; i < logits.Length; i++)
        {
            destination[i] = i < allowed.Length && allowed[i] ? logits[i] : excluded;
        }
    }
}
