using System.Globalization;
using Maria.Runtime;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Generate;

/// <summary>Parses <c>--iterations</c>: one count K, or a comma-separated list for the Figure 5 sweep.</summary>
internal static class IterationCounts
{
    public static IReadOnlyList<int> Parse(string text)
    {
        var counts = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            {
                throw new UsageException($"--iterations: '{part}' is not a whole number of 0 or more; pass e.g. 8, or 0,1,2,4,8,16 for a sweep");
            }
            if (!counts.Contains(count))
            {
                counts.Add(count);
            }
        }
        if (counts.Count == 0)
        {
            throw new UsageException("--iterations: no count given; pass e.g. 8, or 0,1,2,4,8,16 for a sweep");
        }
        return counts;
    }
}
