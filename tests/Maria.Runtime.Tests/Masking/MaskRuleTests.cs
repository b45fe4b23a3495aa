using Maria.Runtime.Masking;

namespace Maria.Runtime.Tests.Masking;

/// <summary>The project's one masking rule: its count (max(1, round(r n)), halves away from zero), shape and uniformity.</summary>
public sealed class MaskRuleTests
{
    [Theory]
    [InlineData(10, 0.05, 1)]
    [InlineData(10, 0.0, 1)]
    [InlineData(10, 0.25, 3)]   // 2.5: half away from zero (half to even would give 2)
    [InlineData(10, 0.35, 4)]   // 3.5 -> 4 either way
    [InlineData(5, 0.5, 3)]     // 2.5 -> 3
    [InlineData(7, 0.5, 4)]     // 3.5 -> 4
    [InlineData(1, 0.9, 1)]
    [InlineData(100, 0.9, 90)]
    [InlineData(7, 1.0, 7)]
    public void Count_is_the_rate_times_length_rounded_half_away_from_zero_and_at_least_one(int length, double rate, int expected) =>
        Assert.Equal(expected, MaskRule.Count(length, rate));

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(10, -0.1)]
    [InlineData(10, 1.5)]
    [InlineData(10, double.NaN)]
    public void Count_refuses_an_empty_text_or_a_rate_outside_zero_to_one(int length, double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MaskRule.Count(length, rate));

    [Fact]
    public void Draw_is_the_partial_fisher_yates_of_the_documented_rule_written_out_independently()
    {
        // 10 positions at 0.3: 3 masks. SplitMix64 from 1234567 gives 6457827717110365317, 3203168211198807973,
        // 9817491932198370423 (the published vector); slot j is swapped with j + output mod (10 - j):
        // 6457827717110365317 mod 10 = 7, 3203168211198807973 mod 9 = 7, 9817491932198370423 mod 8 = 7.
        // Slots 0..9: swap 0<->7 gives 7 1 2 3 4 5 6 0 8 9; swap 1<->8 gives 7 8 2 ...; swap 2<->9 gives 7 8 9.
        Assert.Equal([7, 8, 9], MaskRule.Draw(10, 0.3, new SeededRandom(1234567)));
        // 1000 positions at 0.005: the first five outputs of the vector, computed the same way in Python.
        Assert.Equal([77, 317, 438, 525, 566], MaskRule.Draw(1000, 0.005, new SeededRandom(1234567)));
    }

    [Fact]
    public void Draw_gives_count_distinct_increasing_positions()
    {
        var random = new SeededRandom(5);
        foreach (int length in new[] { 1, 2, 5, 17, 64, 511 })
        {
            foreach (double rate in new[] { 0.1, 0.5, 0.9 })
            {
                var masks = MaskRule.Draw(length, rate, random);
                Assert.Equal(MaskRule.Count(length, rate), masks.Length);
                Assert.All(masks, m => Assert.InRange(m, 0, length - 1));
                Assert.All(masks.Zip(masks.Skip(1)), pair => Assert.True(pair.First < pair.Second));
            }
        }
    }

    [Fact]
    public void Every_position_and_every_pair_is_equally_likely()
    {
        const int length = 10, draws = 4000;
        var random = new SeededRandom(77);
        var hits = new int[length];
        int adjacent = 0, far = 0;
        for (int d = 0; d < draws; d++)
        {
            var masks = MaskRule.Draw(length, 0.3, random);
            foreach (int m in masks)
            {
                hits[m]++;
            }
            adjacent += masks.Contains(0) && masks.Contains(1) ? 1 : 0;
            far += masks.Contains(0) && masks.Contains(9) ? 1 : 0;
        }
        // 1200 expected per position (binomial sd 29: 5 sigma 145); P(pair) = 3/10 * 2/9: 267 of 4000, sd 16.
        Assert.All(hits, h => Assert.InRange(h, 1200 - 145, 1200 + 145));
        Assert.InRange(adjacent, 267 - 80, 267 + 80);
        Assert.InRange(far, 267 - 80, 267 + 80);
    }

    [Fact]
    public void Beta_rate_masks_draw_the_rate_then_the_positions_from_one_generator()
    {
        var masks = MaskRule.DrawWithBetaRate(64, 2.5, 2.5, SeededRandom.For(1, "masks", 2));
        var replay = SeededRandom.For(1, "masks", 2);
        double rate = replay.NextBeta(2.5, 2.5);
        Assert.Equal(MaskRule.Draw(64, rate, replay), masks);
    }

    [Fact]
    public void Choose_picks_from_a_population_and_refuses_more_than_it_holds()
    {
        Assert.Equal([0, 1, 2, 3], MaskRule.Choose(4, 4, new SeededRandom(3)));
        Assert.Empty(MaskRule.Choose(4, 0, new SeededRandom(3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => MaskRule.Choose(4, 5, new SeededRandom(3)));
    }
}
