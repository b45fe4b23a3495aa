using System.Globalization;

namespace Maria.Cli.Commands.Merge;

/// <summary>Record indices in words for an error line: all of a few, or the first ones, the last and the count.</summary>
internal static class RecordIndexList
{
    private const int Shown = 5;

    public static string Describe(IReadOnlyList<int> indices)
    {
        string Join(IEnumerable<int> values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        string noun = indices.Count == 1 ? "record index" : "record indices";
        return indices.Count <= Shown + 1
            ? $"{noun} {Join(indices)}"
            : $"{noun} {Join(indices.Take(Shown))}, ..., {indices[^1].ToString(CultureInfo.InvariantCulture)} ({indices.Count.ToString(CultureInfo.InvariantCulture)} records)";
    }

    /// <summary>Indices from <paramref name="first"/> in steps of <paramref name="step"/> below <paramref name="end"/>.</summary>
    public static IReadOnlyList<int> Stride(int first, int step, int end)
    {
        var indices = new List<int>();
        for (int index = first; index < end; index += step)
        {
            indices.Add(index);
        }
        return indices;
    }
}
