using Maria.Training.Data;

namespace Maria.Training.Tests.Data;

public class WindowSamplerTests
{
    [Fact]
    public void Each_epoch_visits_every_window_exactly_once()
    {
        var sampler = new WindowSampler(windowCount: 12, seed: 5);

        var epoch0 = Enumerable.Range(0, 3).SelectMany(step => sampler.Batch(step, batchSize: 4)).ToArray();
        var epoch1 = Enumerable.Range(3, 3).SelectMany(step => sampler.Batch(step, batchSize: 4)).ToArray();

        Assert.Equal(Enumerable.Range(0, 12), epoch0.Order());
        Assert.Equal(Enumerable.Range(0, 12), epoch1.Order());
        Assert.NotEqual(epoch0, epoch1);
        Assert.NotEqual(Enumerable.Range(0, 12), epoch0);
    }

    [Fact]
    public void A_batch_depends_only_on_seed_and_step()
    {
        var first = new WindowSampler(windowCount: 100, seed: 9);
        var second = new WindowSampler(windowCount: 100, seed: 9);
        var otherSeed = new WindowSampler(windowCount: 100, seed: 10);

        // The second sampler jumps straight to step 40 (epoch 3), as a resumed run does.
        var expected = Enumerable.Range(0, 41).Select(step => first.Batch(step, 8)).Last();

        Assert.Equal(expected, second.Batch(40, 8));
        Assert.NotEqual(expected, otherSeed.Batch(40, 8));
    }

    [Fact]
    public void A_batch_may_span_an_epoch_boundary()
    {
        var sampler = new WindowSampler(windowCount: 5, seed: 1);

        int[] batch = sampler.Batch(step: 1, batchSize: 3); // positions 3, 4 (epoch 0) and 5 (epoch 1)

        Assert.Equal(3, batch.Length);
        Assert.Equal(0, sampler.EpochOf(1, 3));
        Assert.All(batch, i => Assert.InRange(i, 0, 4));
    }
}
