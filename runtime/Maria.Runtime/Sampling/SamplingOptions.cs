namespace Maria.Runtime.Sampling;

/// <summary>
/// How a token is chosen from logits. Temperature 0 (the default) is greedy decoding; otherwise the logits are
/// divided by the temperature, cut to the <see cref="TopK"/> most likely tokens, then to the smallest set of those
/// whose renormalised probability reaches <see cref="TopP"/> (Hugging Face's order), and sampled with a generator
/// seeded by <see cref="Seed"/>, so the same seed gives the same choices. Any positive temperature is safe: the
/// softmax subtracts the largest logit first, and as the temperature falls towards 0 sampling becomes greedy.
/// </summary>
/// <param name="Temperature">0 for greedy; positive values flatten (above 1) or sharpen (below 1) the distribution.</param>
/// <param name="TopK">Keep only the K most likely tokens; 0 keeps all.</param>
/// <param name="TopP">Nucleus sampling: keep the smallest set of tokens (after top-k) whose probability reaches P; 1 keeps all.</param>
/// <param name="Seed">Seed of the sampler's random generator.</param>
public sealed record SamplingOptions(float Temperature = 0f, int TopK = 0, float TopP = 1f, ulong Seed = 0)
{
    /// <summary>Greedy decoding: always the most likely token.</summary>
    public static SamplingOptions Greedy { get; } = new();

    /// <summary>True when no randomness is involved.</summary>
    public bool IsGreedy => Temperature <= 0f;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid value.</summary>
    public void Validate()
    {
        if (float.IsNaN(Temperature) || Temperature < 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "temperature must be 0 (greedy) or positive");
        }
        if (TopK < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "top-k must be 0 (off) or positive");
        }
        if (float.IsNaN(TopP) || TopP <= 0f || TopP > 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "top-p must be in (0, 1]");
        }
    }
}
