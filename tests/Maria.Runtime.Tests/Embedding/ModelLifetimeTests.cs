using Maria.Runtime.Inference;
using Maria.Runtime.Tests.Engine;

namespace Maria.Runtime.Tests.Embedding;

/// <summary>What an app relies on when it closes a model that other threads are still using.</summary>
[Collection(TinyPackageCollection.Name)]
public sealed class ModelLifetimeTests(TinyPackageFixture package)
{
    private const string ManyMasks = "[MASK] [MASK] [MASK] [MASK] [MASK] [MASK] [MASK] [MASK] [MASK] [MASK] [MASK] [MASK]";

    [Fact]
    public async Task Disposing_while_threads_are_inside_calls_ends_each_call_with_ObjectDisposedException_and_never_crashes()
    {
        var model = MariaModel.Load(package.PackageDirectory);
        int completed = 0;
        // Every worker fills until the model goes away; the only way out is ObjectDisposedException.
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (true)
            {
                model.Infill(ManyMasks);
                Interlocked.Increment(ref completed);
            }
        })).ToArray();
        while (Volatile.Read(ref completed) < 8)
        {
            await Task.Delay(5);
        }
        model.Dispose();
        foreach (var worker in workers)
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(() => worker);
        }
    }

    [Fact]
    public async Task Disposing_during_a_stream_ends_the_stream_with_ObjectDisposedException_or_its_complete_text()
    {
        var model = MariaModel.Load(package.PackageDirectory);
        string expected = model.Infill(ManyMasks).Output;
        var streamed = new System.Text.StringBuilder();
        Task? disposal = null;
        try
        {
            await foreach (var e in model.StreamAsync(ManyMasks))
            {
                streamed.Append(e.TextDelta);
                disposal ??= Task.Run(model.Dispose);
            }
            // The fill outran the disposal: then it is complete and right.
            Assert.Equal(expected, streamed.ToString());
        }
        catch (ObjectDisposedException)
        {
            // The call was between decoder steps when the sessions closed.
        }
        await disposal!;
        Assert.Throws<ObjectDisposedException>(() => model.Infill(ManyMasks));
    }

    [Fact]
    public async Task Leaving_a_stream_early_stops_its_fill_so_the_model_can_be_disposed_at_once()
    {
        var model = MariaModel.Load(package.PackageDirectory);
        int events = 0;
        await foreach (var e in model.StreamAsync(ManyMasks))
        {
            events++;
            break;
        }
        // The enumerator has waited for its fill to stop: nothing of the model is in use any more.
        model.Dispose();
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task A_stream_of_a_text_longer_than_the_context_fails_at_its_first_step_with_the_one_line_error()
    {
        using var model = MariaModel.Load(package.PackageDirectory);
        string tooLong = string.Join(' ', Enumerable.Repeat("word", TinyPackageFixture.ContextLength * 2)) + " [MASK]";
        var error = await Assert.ThrowsAsync<MariaInputException>(async () =>
        {
            await foreach (var e in model.StreamAsync(tooLong))
            {
                Assert.Fail("no event may come before the error");
            }
        });
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Dispose_twice_is_harmless()
    {
        var model = MariaModel.Load(package.PackageDirectory);
        model.Dispose();
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => model.Score("The [MASK].", [5]));
    }

    [Fact]
    public async Task The_gate_closes_only_after_the_run_in_flight_has_left()
    {
        var gate = new SessionGate("model");
        var pass = gate.Enter();
        var closing = Task.Run(gate.Close);
        await Task.Delay(50);
        Assert.False(closing.IsCompleted);  // still waiting for the run
        pass.Dispose();
        Assert.True(await closing);
        Assert.Throws<ObjectDisposedException>(() => gate.Enter());
        Assert.False(gate.Close());
    }
}
