using Maria.Cli.Commands.Stress;
using Maria.Runtime;

namespace Maria.Cli.Tests.Reliability;

/// <summary>
/// Short versions of `maria stress` (issue 17; the long ones and their figures are in docs/RELIABILITY.md): one model
/// shared by many threads gives every call the result it gives alone; memory stays flat over sequential calls and
/// over load/dispose cycles; a cancelled 512-token fill leaves the model intact. No timing is asserted.
/// </summary>
[Collection(ResidentMemoryCollection.Name)]
public sealed class SharedModelStressTests
{
    [Fact]
    public void Eight_threads_of_mixed_calls_with_random_cancellations_on_one_model_agree_with_sequential_runs()
    {
        using var model = MariaModel.Load(BatchRecords.Package);

        var figures = StressRuns.Concurrency(model, threads: 8, callsPerThread: 6, seed: 17);

        Assert.True(figures.Disagreements == 0, string.Join("\n", figures.FirstDisagreements));
        Assert.Equal(48, figures.Calls);
    }

    [Fact]
    public void Resident_memory_is_flat_over_300_sequential_infills_after_warm_up()
    {
        using var model = MariaModel.Load(BatchRecords.Package);

        var figures = StressRuns.Soak(model, calls: 300, every: 50, warmup: 100);

        long afterWarmup = figures.Samples.Single(s => s.Count == 100).Bytes;
        // A leak of one tokenised text per call would grow by megabytes; allocator noise is a few MB either way.
        Assert.InRange(figures.Last - afterWarmup, long.MinValue, 24L << 20);
    }

    [Fact]
    public void Resident_memory_is_flat_over_24_load_and_dispose_cycles_after_warm_up()
    {
        // The first ~8 cycles grow the allocator's pools (114 -> 147 MB measured); flat from there (docs/RELIABILITY.md).
        var figures = StressRuns.LoadCycles(BatchRecords.Package, cycles: 24, every: 4, warmup: 8);

        long afterWarmup = figures.Samples.Single(s => s.Count == 8).Bytes;
        // One leaked load holds the 18 MB package's sessions; 16 leaked loads would add hundreds of MB.
        Assert.InRange(figures.Last - afterWarmup, long.MinValue, 48L << 20);
    }

    [Fact]
    public void A_512_token_fill_cancelled_mid_run_throws_and_the_model_then_fills_it_exactly_as_before()
    {
        using var model = MariaModel.Load(BatchRecords.Package);
        string text = StressRuns.TextOfTokens(model, 512);
        string expected = model.Infill(text).Output;

        using var source = new CancellationTokenSource();
        int events = 0;
        var stream = model.StreamAsync(text, cancellation: source.Token).ToBlockingEnumerable();
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var _ in stream)
            {
                if (++events == 3)
                {
                    source.Cancel();
                }
            }
        });

        int masks = text.Split("[MASK]").Length - 1;
        Assert.InRange(events, 3, masks - 1);  // stopped part-way: events of tokens already decided may drain, not the whole fill
        Assert.Equal(expected, model.Infill(text).Output);
    }
}

/// <summary>
/// Resident memory is the whole process's: these tests run with no other test class in parallel (xunit runs the
/// collections that allow it side by side, and their model loads would count here).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ResidentMemoryCollection
{
    public const string Name = "resident memory";
}
