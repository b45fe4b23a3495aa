using Maria.Runtime.Numerics;

namespace Maria.Runtime.Tests.Numerics;

/// <summary>The runtime's one softmax against the test's double-precision reference, at scales where exp overflows.</summary>
public sealed class LogSoftmaxTests
{
    public static TheoryData<float, float> ScalesAndTemperatures()
    {
        var data = new TheoryData<float, float>();
        foreach (float scale in new[] { 1f, 50f, 200f, 1e4f })
        {
            foreach (float temperature in new[] { 1e-3f, 0.01f, 0.05f, 0.5f, 1f, 2f, 10f })
            {
                data.Add(scale, temperature);
            }
        }
        return data;
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(100f)]
    [InlineData(1e4f)]
    public void Log_probabilities_equal_the_reference_for_logits_of_any_scale(float scale)
    {
        var logits = RandomLogits(seed: 1, count: 1000, scale);
        for (int index = 0; index < logits.Length; index += 37)
        {
            Assert.Equal(ReferenceSoftmax.LogProbability(logits, index), LogSoftmax.At(logits, index), 1e-6);
        }
    }

    [Theory]
    [MemberData(nameof(ScalesAndTemperatures))]
    public void Tempered_weights_normalise_to_the_reference_distribution(float scale, float temperature)
    {
        var logits = RandomLogits(seed: 2, count: 500, scale);
        var weights = new float[logits.Length];
        double total = LogSoftmax.TemperedWeights(logits, temperature, weights);
        var expected = ReferenceSoftmax.Probabilities(logits, temperature);
        Assert.True(total >= 1.0 && double.IsFinite(total), $"sum of weights {total}");
        for (int i = 0; i < logits.Length; i++)
        {
            Assert.Equal(expected[i], weights[i] / total, 1e-6);
        }
    }

    [Fact]
    public void Logits_above_the_float_exponent_limit_give_finite_probabilities()
    {
        // exp(88.73) overflows a float: an unshifted softmax turns these into inf / inf = NaN.
        float[] logits = [200f, 199f, 150f, 92f, 88.8f, -5f];
        var weights = new float[logits.Length];
        double total = LogSoftmax.TemperedWeights(logits, 1f, weights);
        var expected = ReferenceSoftmax.Probabilities(logits);
        for (int i = 0; i < logits.Length; i++)
        {
            Assert.Equal(expected[i], weights[i] / total, 1e-6);
        }
        Assert.Equal(Math.Log(expected[0]), LogSoftmax.At(logits, 0), 1e-6);
    }

    [Fact]
    public void Ties_share_the_probability_equally()
    {
        float[] logits = [7f, 7f, 7f, -3f];
        var weights = new float[logits.Length];
        double total = LogSoftmax.TemperedWeights(logits, 1e-3f, weights);
        Assert.Equal(0f, weights[3]);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(1 / 3.0, weights[i] / total, 1e-6);
        }
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "infinite")]
    [InlineData(float.NegativeInfinity, "infinite")]
    public void Non_finite_logits_are_refused_naming_the_position(float bad, string kind)
    {
        float[] logits = [1f, 2f, bad, 3f, bad];
        var e = Assert.Throws<NonFiniteLogitsException>(() => LogSoftmax.At(logits, 0, position: 12));
        Assert.Equal($"the model produced {kind} logits at position 12 (2 of 5 values, the first at token id 2): the package may be damaged; run maria verify on it, or export it again", e.Message);
        Assert.Equal(12, e.Position);
        Assert.Equal(2, e.TokenId);
        Assert.IsAssignableFrom<MariaInputException>(e);
    }

    internal static float[] RandomLogits(int seed, int count, float scale)
    {
        var random = new Random(seed);
        // Uniform in [-scale, scale]: at scale 1e4 the largest logits are far above exp's float range.
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
    }
}
