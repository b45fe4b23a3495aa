using System.Globalization;

namespace Maria.Runtime;

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

    /// <summary>
    /// Throws a one-line <see cref="MariaInputException"/> naming the first invalid value (its message starts with the
    /// option's name: temperature, top-k, top-p) and its valid range. Every entry point that samples calls it first.
    /// </summary>
    /// <exception cref="MariaInputException">The temperature is negative or NaN, top-k is negative, or top-p is outside (0, 1].</exception>
    public void Validate()
    {
        if (float.IsNaN(Temperature) || Temperature < 0f)
        {
            throw new MariaInputException(string.Create(CultureInfo.InvariantCulture,
                $"temperature {Temperature} is negative or not a number; give 0 (greedy) or a positive temperature such as 0.8"));
        }
        if (TopK < 0)
        {
            throw new MariaInputException(string.Create(CultureInfo.InvariantCulture,
                $"top-k {TopK} is negative; give 0 (off) or the number of most likely tokens to keep, such as 50"));
        }
        if (float.IsNaN(TopP) || TopP <= 0f || TopP > 1f)
        {
            throw new MariaInputException(string.Create(CultureInfo.InvariantCulture,
                $"top-p {TopP} is outside (0, 1]; give 1 (off) or a nucleus fraction such as 0.9"));
        }
    }
}
