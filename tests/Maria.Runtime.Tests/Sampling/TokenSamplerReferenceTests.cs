using System.Numerics.Tensors;
using Maria.Runtime.Sampling;
using Maria.Runtime.Tests.Numerics;

namespace Maria.Runtime.Tests.Sampling;

/// <summary>
/// The sampler at the extremes (logits up to 1e4, temperatures 1e-3 to 10, ties, top-k and top-p) against the test's
/// own double-precision softmax: what it reports and the frequencies it draws with.
/// </summary>
public sealed class TokenSamplerReferenceTests
{
    // Gaps of 0.5 to 20 between neighbours, at a scale where exp(logit) overflows any float.
    private static readonly float[] Large = [10000f, 9999.5f, 9999f, 9998f, 9990f, 9980f, -10000f];

    public static TheoryData<float, float, int, float> Settings()
    {
        var data = new TheoryData<float, float, int, float>();
        foreach (float scale in new[] { 1f, 100f, 1e4f })
        {
            foreach (float temperature in new[] { 1e-3f, 0.05f, 1f, 10f })
            {
                data.Add(scale, temperature, 0, 1f);
                data.Add(scale, temperature, 5, 1f);
                data.Add(scale, temperature, 0, 0.9f);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Reported_probability_is_the_temperature_one_reference_and_finite(float scale, float temperature, int topK, float topP)
    {
        var logits = LogSoftmaxTests.RandomLogits(seed: 4, count: 300, scale);
        var sampler = new TokenSampler(new SamplingOptions(temperature, topK, topP, Seed: 11));
        var reference = ReferenceSoftmax.Probabilities(logits);
        for (int draw = 0; draw < 50; draw++)
        {
            var (token, probability) = sampler.Choose(logits);
            Assert.True(float.IsFinite(probability), $"probability {probability} of token {token}");
            Assert.Equal(reference[token], probability, 1e-6);
        }
    }

    [Theory]
    [InlineData(1f, 1e-3f)]
    [InlineData(100f, 1e-3f)]
    [InlineData(1e4f, 1e-3f)]
    [InlineData(1f, 1e-6f)]
    [InlineData(1e4f, 1e-6f)]
    public void As_the_temperature_falls_to_zero_every_draw_is_the_argmax(float scale, float temperature)
    {
        var logits = LogSoftmaxTests.RandomLogits(seed: 5, count: 2000, scale);
        // One token ahead of the rest by 0.15 * scale: at T = 1e-3 the runner-up's tempered weight is below
        // exp(-150), which is 0 in float and 1e-65 in the reference.
        int lead = 1234;
        logits[lead] = logits.Max() + 0.15f * scale;
        Assert.Equal(lead, TensorPrimitives.IndexOfMax(logits));
        Assert.Equal(1.0, ReferenceSoftmax.Probabilities(logits, temperature)[lead], 1e-12);
        foreach (var options in new[] { new SamplingOptions(temperature, Seed: 1), new SamplingOptions(temperature, TopK: 10, Seed: 2), new SamplingOptions(temperature, TopP: 0.5f, Seed: 3) })
        {
            var sampler = new TokenSampler(options);
            for (int draw = 0; draw < 500; draw++)
            {
                Assert.Equal(lead, sampler.Choose(logits).Token);
            }
        }
    }

    [Fact]
    public void Large_logits_at_a_thousandth_of_a_degree_choose_the_argmax()
    {
        var sampler = new TokenSampler(new SamplingOptions(Temperature: 1e-3f, Seed: 7));
        for (int draw = 0; draw < 500; draw++)
        {
            var (token, probability) = sampler.Choose(Large);
            Assert.Equal(0, token);
            Assert.Equal(ReferenceSoftmax.Probabilities(Large)[0], probability, 1e-6);
        }
    }

    [Theory]
    [InlineData(0.5f, 0, 1f)]
    [InlineData(1f, 0, 1f)]
    [InlineData(10f, 0, 1f)]
    [InlineData(1f, 3, 1f)]
    [InlineData(10f, 4, 1f)]
    [InlineData(1f, 0, 0.8f)]
    [InlineData(10f, 0, 0.5f)]
    [InlineData(10f, 5, 0.7f)]
    public void Frequencies_at_large_logits_match_the_reference(float temperature, int topK, float topP)
    {
        var expected = ReferenceSoftmax.Sampling(Large, temperature, topK, topP);
        var counts = Draw(Large, new SamplingOptions(temperature, topK, topP, Seed: 21), 20_000);
        AssertChiSquare(counts, expected);
    }

    [Fact]
    public void Frequencies_at_temperature_one_half_match_the_tempered_softmax()
    {
        float[] logits = [2.0f, 1.0f, 0.5f, -1.0f, 0.0f, 1.5f, 3.0f, -0.5f];
        var expected = ReferenceSoftmax.Probabilities(logits, 0.5);
        var counts = Draw(logits, new SamplingOptions(Temperature: 0.5f, Seed: 20261124), 50_000);
        AssertChiSquare(counts, expected);
    }

    [Fact]
    public void Tied_maxima_are_drawn_equally_as_the_temperature_falls()
    {
        float[] logits = [9000f, 3f, 9000f, 8999f, 9000f];
        var counts = Draw(logits, new SamplingOptions(Temperature: 1e-3f, Seed: 13), 30_000);
        AssertChiSquare(counts, [1 / 3.0, 0, 1 / 3.0, 0, 1 / 3.0]);
    }

    [Fact]
    public void Greedy_and_top_1_break_a_tie_towards_the_lowest_id()
    {
        float[] logits = [-2f, 500f, 1f, 500f];
        var greedy = new TokenSampler(SamplingOptions.Greedy).Choose(logits);
        var top1 = new TokenSampler(new SamplingOptions(Temperature: 10f, TopK: 1, Seed: 3)).Choose(logits);
        Assert.Equal(1, greedy.Token);
        Assert.Equal(1, top1.Token);
        Assert.Equal(0.5, greedy.Probability, 1e-6);
        Assert.Equal(0.5, top1.Probability, 1e-6);
    }

    [Fact]
    public void A_top_k_cut_through_a_tie_keeps_the_lowest_ids_whatever_their_place_in_the_vector()
    {
        // Ties in the vectorised body and in the scalar tail of a 1003-wide row.
        var logits = Enumerable.Repeat(-50f, 1003).ToArray();
        logits[1002] = logits[998] = logits[700] = logits[3] = 40f;
        var counts = Draw(logits, new SamplingOptions(Temperature: 0.01f, TopK: 2, Seed: 8), 4_000);
        Assert.Equal(4_000, counts[3] + counts[700]);
        AssertChiSquare([counts[3], counts[700]], [0.5, 0.5]);
    }

    [Fact]
    public void Non_finite_logits_are_an_error_naming_the_position_never_a_NaN_probability()
    {
        float[] logits = [1f, float.NaN, 2f];
        foreach (var options in new[] { SamplingOptions.Greedy, new SamplingOptions(Temperature: 1f, Seed: 1), new SamplingOptions(Temperature: 0.5f, TopK: 2, Seed: 1) })
        {
            var e = Assert.Throws<NonFiniteLogitsException>(() => new TokenSampler(options).Choose(logits, 12));
            Assert.StartsWith("the model produced NaN logits at position 12 ", e.Message, StringComparison.Ordinal);
            Assert.Contains("run maria verify", e.Message, StringComparison.Ordinal);
        }
    }

    private static int[] Draw(float[] logits, SamplingOptions options, int draws)
    {
        var sampler = new TokenSampler(options);
        var counts = new int[logits.Length];
        for (int d = 0; d < draws; d++)
        {
            counts[sampler.Choose(logits).Token]++;
        }
        return counts;
    }

    private static void AssertChiSquare(int[] counts, double[] expected)
    {
        double statistic = ReferenceSoftmax.ChiSquare(counts, expected, out int degrees);
        if (degrees == 0)
        {
            return; // a single possible token: ChiSquare already checked nothing else was drawn
        }
        double critical = ReferenceSoftmax.ChiSquareCritical(degrees);
        Assert.True(statistic < critical, $"chi-square {statistic:F2} over {degrees} degrees of freedom exceeds the 0.1% point {critical:F2}; counts [{string.Join(", ", counts)}], expected p [{string.Join(", ", expected.Select(p => p.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)))}]");
    }
}
