using System.Globalization;
using Maria.Runtime;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Bench;

/// <summary>The <c>--batch-sizes</c> option of <c>maria bench</c>: whole numbers of 1 or more, 1 among them.</summary>
internal static class BatchSizes
{
    /// <summary>The sizes in increasing order without duplicates (they run in this order; see <see cref="PeakResidentMemory"/>).</summary>
    public static IReadOnlyList<int> Parse(string list)
    {
        var sizes = new SortedSet<int>();
        foreach (string part in list.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size < 1)
            {
                throw new UsageException($"--batch-sizes: '{part}' is not a whole number of 1 or more; pass e.g. 1,2,4,8,16");
            }
            sizes.Add(size);
        }
        if (!sizes.Contains(1))
        {
            // The speed-ups are against batch 1 measured in the same run, on the same records and the same machine state.
            throw new UsageException($"--batch-sizes {list} lacks 1: the speed-up is measured against batch 1 in the same run; add 1, e.g. 1,{list}");
        }
        return [.. sizes];
    }
}
