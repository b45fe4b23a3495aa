using System.Runtime.ExceptionServices;

namespace Maria.Runtime.Infilling;

/// <summary>
/// Hands the items of one sequence to several workers, each taking the next one when it has room for it (the sequence
/// is read under a lock, so it may be lazy and stateful), and runs those workers on threads of their own.
/// </summary>
internal sealed class SharedJobSource<T>(IEnumerable<T> items) : IDisposable
{
    private readonly IEnumerator<T> items = items.GetEnumerator();
    private readonly Lock gate = new();
    private bool finished;

    /// <summary>The items one worker takes, one at a time, as it asks for them; ends when the sequence does.</summary>
    public IEnumerable<T> Take()
    {
        while (TryTake(out var item))
        {
            yield return item;
        }
    }

    private bool TryTake(out T item)
    {
        lock (gate)
        {
            if (!finished && items.MoveNext())
            {
                item = items.Current;
                return true;
            }
            finished = true;
            item = default!;
            return false;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            items.Dispose();
        }
    }
}

/// <summary>Runs the workers that share a <see cref="SharedJobSource{T}"/>.</summary>
internal static class SharedJobSource
{
    /// <summary>
    /// Runs <paramref name="work"/> <paramref name="count"/> times side by side: one worker on the calling thread, more
    /// each on a long-running thread of its own. When one fails the others are cancelled, and once all have stopped the
    /// first failure that is not that cancellation is rethrown (a cancellation of the caller's token comes back as such).
    /// </summary>
    public static void RunWorkers(int count, Action<CancellationToken> work, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (count == 1)
        {
            work(cancellation);
            return;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var workers = Enumerable.Range(0, count).Select(_ => Task.Factory.StartNew(() =>
        {
            try
            {
                work(stop.Token);
            }
            catch
            {
                stop.Cancel();
                throw;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try
        {
            Task.WaitAll(workers);
        }
        catch (AggregateException failure)
        {
            var first = failure.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) ?? failure.InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }
    }
}
