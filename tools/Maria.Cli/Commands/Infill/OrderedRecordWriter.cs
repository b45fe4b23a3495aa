using Maria.Runtime;
using Maria.Runtime.Infilling;

namespace Maria.Cli.Commands.Infill;

/// <summary>
/// Feeds the usable records from <c>first</c> on to the batched engine and hands each record to <c>write</c> in input
/// order, although the engine completes them out of order: a finished record waits until every earlier one is
/// written (records whose line was unusable are "finished" from the start). So the output file, its .partial
/// prefix for --resume and the per-record errors are the same whatever the batch size.
/// </summary>
internal sealed class OrderedRecordWriter(IReadOnlyList<InfillRecord> records, int first,
    Action<InfillRecord, InfillResult?, string?> write, Action<int> written)
{
    private readonly Dictionary<int, (InfillResult? Result, string? Error)> finished = [];
    private readonly int start = first;
    private int next = first;

    /// <summary>Records written with an error.</summary>
    public int Failures { get; private set; }

    public void Run(MariaModel model, InfillOptions options, int batchSize, CancellationToken cancellation)
    {
        // The engine numbers the texts it receives; map its numbers back to record indices (bad lines send no text).
        var recordOf = new List<int>();
        IEnumerable<string> Texts()
        {
            for (int index = start; index < records.Count; index++)
            {
                if (records[index].Error is { } error)
                {
                    Finish(index, null, error);
                    continue;
                }
                recordOf.Add(index);
                yield return records[index].Text!;
            }
        }
        RunAsync(model, Texts(), recordOf, options, batchSize, cancellation).GetAwaiter().GetResult();
        Flush();
    }

    private async Task RunAsync(MariaModel model, IEnumerable<string> texts, List<int> recordOf, InfillOptions options, int batchSize, CancellationToken cancellation)
    {
        await foreach (var item in model.InfillBatchAsync(texts, batchSize, options, cancellation).ConfigureAwait(false))
        {
            Finish(recordOf[item.Index], item.Result, item.Error);
        }
    }

    private void Finish(int index, InfillResult? result, string? error)
    {
        lock (finished)
        {
            finished[index] = (result, error);
            Flush();
        }
    }

    private void Flush()
    {
        lock (finished)
        {
            while (finished.Remove(next, out var done))
            {
                if (done.Error is not null)
                {
                    Failures++;
                }
                write(records[next], done.Result, done.Error);
                next++;
                written(next);
            }
        }
    }
}
