using Maria.Runtime.Infilling;

namespace Maria.Runtime.Tests.Engine;

/// <summary>Reads <see cref="MariaModel.InfillBatchAsync"/> to the end from a synchronous test.</summary>
internal static class BatchItems
{
    /// <summary>Every item in the order they came; <paramref name="onItem"/> runs after each (e.g. to cancel).</summary>
    public static List<BatchInfillItem> Collect(IAsyncEnumerable<BatchInfillItem> items, Action? onItem = null)
    {
        return Run().GetAwaiter().GetResult();

        async Task<List<BatchInfillItem>> Run()
        {
            var list = new List<BatchInfillItem>();
            await foreach (var item in items)
            {
                list.Add(item);
                onItem?.Invoke();
            }
            return list;
        }
    }
}
