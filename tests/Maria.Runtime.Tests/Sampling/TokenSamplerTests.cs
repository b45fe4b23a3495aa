using Maria.Runtime.Sampling;

namespace Maria.Runtime.Tests.Sampling;

/// <summary>The sampler's draws against the distributions they should follow (frequencies over many seeded draws).</summary>
public sealed class TokenSamplerTests
{
    private static readonly float[] Logits = [2.0f, 1.0f, 0.5f, -1.0f, 0.0f, 1.5f];

    [Theory]
    [InlineData(1.0f)]
    [InlineData(0.5f)]
    [InlineData(2.0f)]
    public void Temperature_sampling_follows_softmax_of_the_scaled_logits(float temperature)
    {
        var expected = Softmax(Logits.Select(l => l / temperature).ToArray());
        var frequencies = Frequencies(new SamplingOptions(Temperature: temperature, Seed: 3), 40_000);
        for (int i = 0; i < Logits.Length; i++)
        {
            // Binomial standard error is at most 0.0025 at 40,000 draws: 4 standard errors.
            Assert.InRange(frequencies[i], expected[i] - 0.01, expected[i] + 0.01);
        }
    }

    [Fact]
    public void Top_k_keeps_only_the_k_most_likely_tokens_renormalised()
    {
        var frequencies = Frequencies(new SamplingOptions(Temperature: 1f, TopK: 2, Seed: 5), 20_000);
        var kept = Softmax([Logits[0], Logits[5]]);
        Assert.InRange(frequencies[0], kept[0] - 0.015, kept[0] + 0.015);
        Assert.InRange(frequencies[5], kept[1] - 0.015, kept[1] + 0.015);
        Assert.Equal(0, frequencies[1] + frequencies[2] + frequencies[3] + frequencies[4]);
    }

    [Fact]
    public void Greedy_picks_the_largest_logit_and_reports_its_temperature_one_probability()
    {
        var (token, probability) = new TokenSampler(SamplingOptions.Greedy).Choose(Logits);
        Assert.Equal(0, token);
        Assert.Equal(Softmax(Logits)[0], probability, 5);
    }

    [Fact]
    public void The_same_seed_repeats_the_same_draws()
    {
        var first = new TokenSampler(new SamplingOptions(Temperature: 1f, Seed: 9));
        var second = new TokenSampler(new SamplingOptions(Temperature: 1f, Seed: 9));
        var a = Enumerable.Range(0, 50).Select(_ => first.Choose(Logits).Token).ToArray();
        var b = Enumerable.Range(0, 50).Select(_ => second.Choose(Logits).Token).ToArray();
        Assert.Equal(a, b);
        Assert.True(a.Distinct().Count() > 2, "fifty draws at temperature 1 should visit several tokens");
    }

    private static double[] Frequencies(SamplingOptions options, int draws)
    {
        var sampler = new TokenSampler(options);
        var counts = new double[Logits.Length];
        for (int d = 0; d < draws; d++)
        {
            counts[sampler.Choose(Logits).Token]++;
        }
        return counts.Select(c => c / draws).ToArray();
    }

    private static double[] Softmax(float[] values)
    {
        double max = values.Max();
        var exps = values.Select(v => Math.Exp(v - max)).ToArray();
        double sum = exps.Sum();
        return exps.Select(e => e / sum).ToArray();
    }
}
