using Maria.Runtime.Generation;
using Maria.Runtime.Tests.Engine;

namespace Maria.Runtime.Tests.Generation;

/// <summary>Cancelling generation keeps the last complete iteration instead of throwing it away.</summary>
[Collection(TinyPackageCollection.Name)]
public sealed class GenerationCancellationTests(TinyPackageFixture package)
{
    [Fact]
    public void Cancelling_from_the_callback_after_the_draft_returns_the_draft_flagged_as_cancelled()
    {
        var model = package.Model;
        var options = new GenerationOptions(16, Iterations: 50, Seed: 1);
        var draftOnly = model.Generate(options with { Iterations = 0 });
        using var cancellation = new CancellationTokenSource();
        var seen = new List<int>();
        var result = model.Generate(options, iteration =>
        {
            seen.Add(iteration.Index);
            cancellation.Cancel();
        }, cancellation.Token);
        Assert.True(result.Cancelled);
        Assert.Equal([0], seen);
        Assert.Single(result.Iterations);
        Assert.Equal(draftOnly.Text, result.Text);
    }

    [Fact]
    public void Cancelling_during_a_long_run_returns_promptly_with_the_last_complete_iteration()
    {
        var model = package.Model;
        using var cancellation = new CancellationTokenSource();
        var result = model.Generate(new GenerationOptions(40, Iterations: 100_000, RemaskFraction: 0.5, Seed: 2), iteration =>
        {
            if (iteration.Index == 0)
            {
                // Lands at an arbitrary point of some later iteration, usually inside a decoder step. How long stopping
                // takes is a measurement, not a pass/fail: tools/bench/responsiveness.sh (docs/BENCHMARKS.md).
                cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));
            }
        }, cancellation.Token);
        Assert.True(result.Cancelled);
        Assert.InRange(result.Iterations.Count, 1, 100_000 - 1);   // stopped: the run did not go to its end
        Assert.Equal(result.Iterations[^1].Text, result.Text);
        Assert.Equal(Enumerable.Range(0, result.Iterations.Count), result.Iterations.Select(i => i.Index));
    }

    [Fact]
    public void Cancelling_before_the_draft_completes_throws_because_there_is_no_text_yet()
    {
        var model = package.Model;
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => model.Generate(new GenerationOptions(8, Iterations: 2), cancellation.Token));
    }

    [Fact]
    public async Task Cancelling_from_the_stream_consumer_after_the_draft_ends_the_stream_with_the_draft_only()
    {
        var model = package.Model;
        var options = new GenerationOptions(16, Iterations: 50, Seed: 1);
        var draftOnly = model.Generate(options with { Iterations = 0 });
        using var cancellation = new CancellationTokenSource();
        var received = new List<GenerationIteration>();
        await foreach (var iteration in model.GenerateStreamAsync(options, cancellation.Token))
        {
            received.Add(iteration);
            cancellation.Cancel();
        }
        Assert.Single(received);
        Assert.Equal(draftOnly.Text, received[0].Text);
    }

    [Fact]
    public async Task Cancelling_the_stream_mid_run_ends_it_without_an_exception()
    {
        var model = package.Model;
        using var cancellation = new CancellationTokenSource();
        var received = new List<GenerationIteration>();
        await foreach (var iteration in model.GenerateStreamAsync(new GenerationOptions(40, Iterations: 100_000, Seed: 3), cancellation.Token))
        {
            if (iteration.Index == 0)
            {
                cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));
            }
            received.Add(iteration);
        }
        Assert.True(cancellation.IsCancellationRequested);
        Assert.InRange(received.Count, 1, 100_000);
        Assert.Equal(Enumerable.Range(0, received.Count), received.Select(i => i.Index));
    }
}
