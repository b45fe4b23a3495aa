using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Maria.Runtime.Infilling;

namespace Maria.Runtime;

/// <summary>Many texts at once: continuous batching over the decoder's cache slots, with the one-at-a-time answers.</summary>
public sealed partial class MariaModel
{
    /// <summary>How many texts <see cref="Infill(IReadOnlyList{string}, InfillOptions?, CancellationToken)"/> keeps in flight by default (measured: docs/BENCHMARKS.md).</summary>
    public const int DefaultBatchSize = 8;

    /// <summary>
    /// Fills a batch of texts, <see cref="DefaultBatchSize"/> in flight at a time with continuous batching (in each of
    /// <see cref="MariaModelOptions.Workers"/> batches side by side); results are in input order and equal to one-by-one
    /// calls (greedy choices identical; each text samples from its own generator seeded by the options, whatever shares
    /// its batch).
    /// </summary>
    /// <exception cref="MariaInputException">The options are invalid (<see cref="InfillOptions.Validate"/>), a text is too long or contains a special token (the first one is named), or the model produced non-finite logits.</exception>
    public IReadOnlyList<InfillResult> Infill(IReadOnlyList<string> texts, InfillOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(disposed, this);
        options ??= InfillOptions.Default;
        options.Validate();
        var results = new InfillResult[texts.Count];
        var errors = new SortedDictionary<int, MariaInputException>();
        engine.InfillMany(texts, options, DefaultBatchSize, (index, result, error) =>
        {
            if (error is not null)
            {
                lock (errors)
                {
                    errors[index] = error;
                }
            }
            else
            {
                results[index] = result!;
            }
        }, cancellation);
        if (errors.Count > 0)
        {
            var (index, first) = errors.First();
            throw new MariaInputException($"text {index}: {first.Message}", first);
        }
        return results;
    }

    /// <summary>
    /// Fills many texts with continuous batching (<paramref name="batchSize"/> in flight in each of
    /// <see cref="MariaModelOptions.Workers"/> batches decoded side by side; texts are read lazily as slots free up)
    /// and yields each one as soon as it is complete, with its input index: results come out of order. A bad
    /// text (too long, a special token, non-finite model output) yields its error and never disturbs the others.
    /// Cancelling stops every row within one decoder step.
    /// </summary>
    /// <exception cref="MariaInputException">The batch size is below 1 or the options are invalid (<see cref="InfillOptions.Validate"/>), raised on the first MoveNextAsync.</exception>
    public async IAsyncEnumerable<BatchInfillItem> InfillBatchAsync(IEnumerable<string> texts, int batchSize = DefaultBatchSize,
        InfillOptions? options = null, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        MariaInputException.ThrowIfBatchSizeBelowOne(batchSize);
        ObjectDisposedException.ThrowIf(disposed, this);
        options ??= InfillOptions.Default;
        options.Validate();
        var channel = Channel.CreateUnbounded<BatchInfillItem>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = workers == 1 });
        // The rows stop when the caller cancels or leaves the loop early; the enumerator does not finish before they
        // have (so disposing the model afterwards never meets a run still in flight).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var producer = Task.Run(() =>
        {
            try
            {
                engine.InfillMany(texts, options, batchSize,
                    (index, result, error) => channel.Writer.TryWrite(new BatchInfillItem(index, result, error?.Message)), stop.Token);
                channel.Writer.TryComplete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                yield return item;
                cancellation.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
    }
}
