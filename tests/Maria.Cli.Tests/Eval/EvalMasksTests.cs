using Maria.Cli.Commands.Eval;
using Maria.Runtime.Masking;

namespace Maria.Cli.Tests.Eval;

/// <summary>The documented mask rule of `maria eval`: count, shape, determinism, dependence on (seed, rate, window), uniformity.</summary>
public sealed class EvalMasksTests
{
    [Theory]
    [InlineData(10, 0.05, 1)]
    [InlineData(10, 0.25, 3)]
    [InlineData(7, 0.5, 4)]
    [InlineData(3, 0.1, 1)]
    [InlineData(1, 0.9, 1)]
    [InlineData(100, 0.9, 90)]
    public void Count_is_the_rounded_rate_times_length_and_at_least_one(int length, double rate, int expected) =>
        Assert.Equal(expected, MaskRule.Count(length, rate));

    [Fact]
    public void Draw_gives_count_distinct_increasing_positions_inside_the_window()
    {
        foreach (int length in new[] { 1, 2, 5, 17, 64, 511 })
        {
            foreach (double rate in new[] { 0.1, 0.3, 0.5, 0.7, 0.9 })
            {
                for (int window = 0; window < 5; window++)
                {
                    var masks = EvalMasks.Draw(length, rate, seed: 3, window);
                    Assert.Equal(MaskRule.Count(length, rate), masks.Length);
                    Assert.All(masks, m => Assert.InRange(m, 0, length - 1));
                    for (int k = 1; k < masks.Length; k++)
                    {
                        Assert.True(masks[k] > masks[k - 1], $"masks must increase: {string.Join(',', masks)}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Draw_is_identical_for_the_same_seed_rate_and_window()
    {
        Assert.Equal(EvalMasks.Draw(200, 0.5, 42, 7), EvalMasks.Draw(200, 0.5, 42, 7));
    }

    [Fact]
    public void Draw_changes_with_the_seed_the_rate_and_the_window_index()
    {
        var reference = EvalMasks.Draw(200, 0.5, 42, 7);
        Assert.NotEqual(reference, EvalMasks.Draw(200, 0.5, 43, 7));
        Assert.NotEqual(reference, EvalMasks.Draw(200, 0.5, 42, 8));
        // Same count (round(0.5004 * 200) = 100) but another rate key: other positions.
        Assert.NotEqual(reference, EvalMasks.Draw(200, 0.5004, 42, 7));
    }

    [Fact]
    public void Every_position_is_masked_about_rate_times_as_often_over_many_windows()
    {
        const int length = 10, windows = 4000;
        const double rate = 0.3;
        var hits = new int[length];
        for (int window = 0; window < windows; window++)
        {
            foreach (int position in EvalMasks.Draw(length, rate, seed: 0, window))
            {
                hits[position]++;
            }
        }
        // Expected 1200 per position; the binomial standard deviation is about 29, so 5 sigma is 145.
        Assert.All(hits, h => Assert.InRange(h, 1200 - 145, 1200 + 145));
        // Pairs are uniform too: position 0 with 1 as often as 0 with 9 (a shuffle bias would show here).
        int adjacent = 0, far = 0;
        for (int window = 0; window < windows; window++)
        {
            var masks = EvalMasks.Draw(length, rate, seed: 0, window);
            adjacent += masks.Contains(0) && masks.Contains(1) ? 1 : 0;
            far += masks.Contains(0) && masks.Contains(9) ? 1 : 0;
        }
        // P(both) = 3/10 * 2/9 = 0.0667: about 267 of 4000, standard deviation about 16.
        Assert.InRange(adjacent, 267 - 80, 267 + 80);
        Assert.InRange(far, 267 - 80, 267 + 80);
    }

    [Fact]
    public void Draw_gives_the_masks_of_the_recorded_table_2_the_rule_written_out_independently()
    {
        // The rule Table 2 (docs/BENCHMARKS.md) was measured with, restated here without the runtime's generator:
        // state = mix(mix(mix(K ^ seed) ^ round(rate * 1e6)) ^ window); per draw state += gamma, slot j swapped with
        // j + mix(state) mod (n - j); the first max(1, round(rate * n)) slots, sorted.
        foreach (int length in new[] { 1, 9, 256, 1022 })
        {
            foreach (double rate in new[] { 0.1, 0.3, 0.5, 0.7, 0.9 })
            {
                for (int window = 0; window < 6; window++)
                {
                    Assert.Equal(RecordedRule(length, rate, seed: 0, window), EvalMasks.Draw(length, rate, seed: 0, window));
                }
            }
        }
    }

    private static int[] RecordedRule(int length, double rate, int seed, int window)
    {
        static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
        int count = Math.Min(length, Math.Max(1, (int)Math.Round(rate * length, MidpointRounding.AwayFromZero)));
        ulong state = Mix(Mix(Mix(0x4D415249415F4556UL ^ (ulong)(uint)seed) ^ (ulong)Math.Round(rate * 1e6)) ^ (ulong)(uint)window);
        var slots = Enumerable.Range(0, length).ToArray();
        for (int j = 0; j < count; j++)
        {
            state += 0x9E3779B97F4A7C15UL;
            int pick = j + (int)(Mix(state) % (ulong)(length - j));
            (slots[j], slots[pick]) = (slots[pick], slots[j]);
        }
        return [.. slots[..count].Order()];
    }
}
