using Maria.Runtime.Masking;
using Maria.Training.Data;
using Maria.Training.HeadTraining;
using Maria.Training.Tests.Pretraining;

namespace Maria.Training.Tests.HeadTraining;

[Collection(TorchCollection.Name)]
public sealed class HeadMaskingTests
{
    private readonly HeadMasking masking = new(2.5, 2.5);

    [Fact]
    public void Rates_drawn_by_the_shared_generator_follow_beta_two_and_a_half_in_mean_and_variance()
    {
        var rates = Enumerable.Range(0, 3000).Select(i => SeededRandom.For(7, "rate", i).NextBeta(2.5, 2.5)).ToArray();
        double mean = rates.Average();
        double variance = rates.Select(r => (r - mean) * (r - mean)).Average();
        // Beta(2.5, 2.5): mean 0.5, variance ab / ((a+b)^2 (a+b+1)) = 6.25 / 150 = 0.0417; standard errors ~0.004 and ~0.001.
        Assert.InRange(mean, 0.485, 0.515);
        Assert.InRange(variance, 0.0417 - 0.004, 0.0417 + 0.004);
        Assert.All(rates, r => Assert.InRange(r, 0.0, 1.0));
    }

    [Fact]
    public void Masks_are_increasing_distinct_positions_whose_count_is_the_rounded_rate()
    {
        for (int i = 0; i < 200; i++)
        {
            int length = 1 + (i % 40);
            var masks = masking.Sample(length, SeededRandom.For(3, "masks", i));
            double rate = SeededRandom.For(3, "masks", i).NextBeta(2.5, 2.5); // the rate Sample drew first
            Assert.Equal(MaskRule.Count(length, rate), masks.Length);
            Assert.InRange(masks.Length, 1, length);
            Assert.All(masks.Zip(masks.Skip(1)), pair => Assert.True(pair.First < pair.Second));
            Assert.All(masks, m => Assert.InRange(m, 0, length - 1));
        }
    }

    [Fact]
    public void The_same_seed_and_index_give_the_same_mask_and_another_index_another()
    {
        var first = masking.Sample(64, SeededRandom.For(11, "masks", 5));
        Assert.Equal(first, masking.Sample(64, SeededRandom.For(11, "masks", 5)));
        Assert.NotEqual(first, masking.Sample(64, SeededRandom.For(11, "masks", 6)));
    }

    [Fact]
    public void Non_positive_shapes_are_refused_naming_the_options()
    {
        var error = Assert.Throws<Maria.Runtime.MariaInputException>(() => new HeadMasking(0, 2.5));
        Assert.Contains("--mask-alpha", error.Message, StringComparison.Ordinal);
    }
}
