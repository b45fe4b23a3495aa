using Maria.Runtime.Sampling;

namespace Maria.Runtime.Tests.Blanks;

/// <summary>The sampler chooses only allowed tokens and reports the model's own probability.</summary>
public sealed class AllowedTokensTests
{
    private static readonly float[] Logits = [5f, 1f, 3f, 0f, 2f];

    [Fact]
    public void Greedy_takes_the_best_allowed_token_with_its_unconstrained_probability()
    {
        var sampler = new TokenSampler(SamplingOptions.Greedy);
        var (token, probability) = sampler.Choose(Logits, 0, new AllowedTokens(Logits.Length, [1, 4]));
        Assert.Equal(4, token);
        double expected = Math.Exp(2) / Logits.Sum(l => Math.Exp(l));
        Assert.Equal(expected, probability, 1e-6);
    }

    [Fact]
    public void Sampling_never_draws_a_disallowed_token()
    {
        var allowed = new AllowedTokens(Logits.Length, [1, 3]);
        var sampler = new TokenSampler(new SamplingOptions(Temperature: 2f, TopK: 4, Seed: 5));
        for (int draw = 0; draw < 200; draw++)
        {
            Assert.Contains(sampler.Choose(Logits, 0, allowed).Token, new[] { 1, 3 });
        }
    }
}
