using Maria.Runtime.Masking;

namespace Maria.Runtime.Tests.Masking;

/// <summary>The project's generator: SplitMix64's published outputs, its derived streams and the distributions drawn from it.</summary>
public sealed class SeededRandomTests
{
    [Fact]
    public void The_first_outputs_from_seed_1234567_are_splitmix64s_published_test_vector()
    {
        // Rosetta Code, "Pseudo-random numbers/Splitmix64": seed 1234567 gives these five outputs (Vigna's splitmix64.c).
        var random = new SeededRandom(1234567);
        ulong[] expected = [6457827717110365317UL, 3203168211198807973UL, 9817491932198370423UL, 4593380528125082431UL, 16408922859458223821UL];
        Assert.Equal(expected, expected.Select(_ => random.NextUInt64()).ToArray());
    }

    [Fact]
    public void The_first_outputs_from_seed_0_match_the_reference_algorithm_computed_with_unbounded_integers()
    {
        // splitmix64.c from state 0, computed with Python integers reduced mod 2^64 (not with this code).
        var random = new SeededRandom(0);
        ulong[] expected = [0xE220A8397B1DCDAFUL, 0x6E789E6AA1B965F4UL, 0x06C45D188009454FUL, 0xF88BB8A8724C81ECUL, 0x1B39896A51A8749BUL];
        Assert.Equal(expected, expected.Select(_ => random.NextUInt64()).ToArray());
    }

    [Fact]
    public void Derive_folds_each_key_through_the_finaliser_and_For_is_derive_with_zero_purpose_and_index_keys()
    {
        ulong x = SeededRandom.Mix(SeededRandom.Mix(5UL ^ 7UL) ^ 9UL);
        Assert.Equal(new SeededRandom(x).NextUInt64(), SeededRandom.Derive(5, 7, 9).NextUInt64());
        Assert.Equal(SeededRandom.Derive(3, 0, 'a', 'b', 4).NextUInt64(), SeededRandom.For(3, "ab", 4).NextUInt64());
        Assert.NotEqual(SeededRandom.For(3, "ab", 4).NextUInt64(), SeededRandom.For(3, "ab", 5).NextUInt64());
        Assert.NotEqual(SeededRandom.For(3, "ab", 4).NextUInt64(), SeededRandom.For(3, "ba", 4).NextUInt64());
    }

    [Fact]
    public void NextDouble_is_the_top_53_bits_scaled_into_zero_to_one()
    {
        var bits = new SeededRandom(1234567);
        var doubles = new SeededRandom(1234567);
        for (int i = 0; i < 100; i++)
        {
            double expected = (bits.NextUInt64() >> 11) / 9007199254740992.0;
            double value = doubles.NextDouble();
            Assert.Equal(expected, value);
            Assert.InRange(value, 0.0, Math.BitDecrement(1.0));
        }
    }

    [Fact]
    public void NextInt_is_uniform_over_its_range()
    {
        var random = new SeededRandom(42);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++)
        {
            counts[random.NextInt(7)]++;
        }
        // 10,000 expected per value, binomial standard deviation about 93: 5 sigma.
        Assert.All(counts, c => Assert.InRange(c, 10_000 - 465, 10_000 + 465));
        Assert.All(Enumerable.Range(0, 1000).Select(_ => random.NextInt(-3, 2)), v => Assert.InRange(v, -3, 1));
    }

    [Fact]
    public void Shuffle_is_a_permutation_and_every_order_of_three_is_equally_likely()
    {
        var random = new SeededRandom(8);
        var counts = new Dictionary<string, int>();
        for (int i = 0; i < 60_000; i++)
        {
            int[] values = [0, 1, 2];
            random.Shuffle(values.AsSpan());
            string key = string.Join(',', values);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        Assert.Equal(6, counts.Count);
        // 10,000 expected per order, standard deviation about 91: 5 sigma.
        Assert.All(counts.Values, c => Assert.InRange(c, 10_000 - 455, 10_000 + 455));
    }

    [Theory]
    [InlineData(2.0, 3.0)]
    [InlineData(0.5, 0.5)]
    [InlineData(2.5, 2.5)]
    public void Beta_draws_follow_the_beta_distribution_function(double alpha, double beta)
    {
        // Kolmogorov-Smirnov against the closed-form CDF: Beta(2, 3) is 6x^2 - 8x^3 + 3x^4, Beta(1/2, 1/2) the arcsine
        // law (2/pi) asin(sqrt x); Beta(2.5, 2.5) by a Simpson integration of its density. At n = 20,000 the 0.1%
        // critical value of the statistic is 1.95 / sqrt(n) = 0.0138.
        const int n = 20_000;
        var random = SeededRandom.For(20261204, "beta-test", (long)(alpha * 10));
        var draws = Enumerable.Range(0, n).Select(_ => random.NextBeta(alpha, beta)).Order().ToArray();
        Func<double, double> cdf = (alpha, beta) switch
        {
            (2.0, 3.0) => x => (6 * x * x) - (8 * x * x * x) + (3 * x * x * x * x),
            (0.5, 0.5) => x => 2 / Math.PI * Math.Asin(Math.Sqrt(x)),
            _ => x => SimpsonBetaCdf(x, alpha, beta),
        };
        double statistic = 0;
        for (int i = 0; i < n; i++)
        {
            double f = cdf(draws[i]);
            statistic = Math.Max(statistic, Math.Max(Math.Abs(f - ((double)i / n)), Math.Abs(((double)(i + 1) / n) - f)));
        }
        Assert.All(draws, d => Assert.InRange(d, 0.0, 1.0));
        Assert.True(statistic < 0.0138, $"Kolmogorov-Smirnov statistic {statistic:F4} for Beta({alpha}, {beta})");
    }

    [Fact]
    public void Gamma_and_normal_draws_have_their_distributions_mean_and_variance()
    {
        var random = new SeededRandom(99);
        var gamma = Enumerable.Range(0, 40_000).Select(_ => random.NextGamma(0.7)).ToArray();
        // Gamma(0.7, 1): mean 0.7, variance 0.7; standard error of the mean 0.0042.
        Assert.InRange(gamma.Average(), 0.7 - 0.021, 0.7 + 0.021);
        Assert.InRange(gamma.Select(g => (g - 0.7) * (g - 0.7)).Average(), 0.7 - 0.05, 0.7 + 0.05);
        var normal = Enumerable.Range(0, 40_000).Select(_ => random.NextNormal()).ToArray();
        Assert.InRange(normal.Average(), -0.025, 0.025);
        Assert.InRange(normal.Select(v => v * v).Average(), 0.97, 1.03);
    }

    [Fact]
    public void Non_positive_shapes_are_refused()
    {
        var random = new SeededRandom(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextGamma(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextBeta(2.5, double.NaN));
    }

    /// <summary>The regularised incomplete beta function by composite Simpson integration of the density (exact enough for shapes above 1).</summary>
    private static double SimpsonBetaCdf(double x, double alpha, double beta)
    {
        static double Density(double t, double a, double b) => Math.Pow(t, a - 1) * Math.Pow(1 - t, b - 1);
        static double Integrate(double to, double a, double b)
        {
            const int steps = 2000;
            double h = to / steps, sum = Density(0, a, b) + Density(to, a, b);
            for (int k = 1; k < steps; k++)
            {
                sum += (k % 2 == 1 ? 4 : 2) * Density(k * h, a, b);
            }
            return sum * h / 3;
        }
        return Integrate(x, alpha, beta) / Integrate(1, alpha, beta);
    }
}
