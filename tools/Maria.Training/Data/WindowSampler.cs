using Maria.Runtime.Masking;

namespace Maria.Training.Data;

/// <summary>
/// Which windows make up each batch: epoch e visits every window once in an order shuffled by a generator derived
/// from (seed, e); batch s takes the next <c>batchSize</c> positions of that sequence of epochs. Everything is a
/// function of (seed, step), so the data position of a resumed run is just its step number.
/// </summary>
internal sealed class WindowSampler
{
    private readonly int windowCount;
    private readonly long seed;
    private int cachedEpoch = -1;
    private int[] cachedOrder = [];

    /// <summary>Samples from <paramref name="windowCount"/> windows with a seeded order per epoch.</summary>
    public WindowSampler(int windowCount, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowCount);
        this.windowCount = windowCount;
        this.seed = seed;
    }

    /// <summary>The window indices of batch <paramref name="step"/> (0-based).</summary>
    public int[] Batch(long step, int batchSize)
    {
        var indices = new int[batchSize];
        for (int i = 0; i < batchSize; i++)
        {
            long position = step * batchSize + i;
            int epoch = checked((int)(position / windowCount));
            indices[i] = Order(epoch)[(int)(position % windowCount)];
        }
        return indices;
    }

    /// <summary>The epoch that batch <paramref name="step"/> starts in.</summary>
    public int EpochOf(long step, int batchSize) => checked((int)(step * batchSize / windowCount));

    private int[] Order(int epoch)
    {
        if (epoch != cachedEpoch)
        {
            cachedOrder = Enumerable.Range(0, windowCount).ToArray();
            SeededRandom.For(seed, "epoch-order", epoch).Shuffle(cachedOrder.AsSpan());
            cachedEpoch = epoch;
        }
        return cachedOrder;
    }
}
