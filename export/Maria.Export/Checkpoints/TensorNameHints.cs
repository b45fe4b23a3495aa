namespace Maria.Export.Checkpoints;

/// <summary>Suggests present tensor names close to a missing one, for error messages.</summary>
internal static class TensorNameHints
{
    /// <summary>", e.g. 'a', 'b'" listing up to three names sharing the longest prefix with <paramref name="missing"/>, or "".</summary>
    public static string Similar(string missing, IEnumerable<string> present)
    {
        var closest = present
            .Select(name => (name, shared: SharedPrefixLength(missing, name)))
            .Where(candidate => candidate.shared > 0)
            .OrderByDescending(candidate => candidate.shared)
            .ThenBy(candidate => candidate.name, StringComparer.Ordinal)
            .Take(3)
            .Select(candidate => $"'{candidate.name}'")
            .ToList();
        return closest.Count == 0 ? string.Empty : ", closest: " + string.Join(", ", closest);
    }

    private static int SharedPrefixLength(string a, string b)
    {
        int length = Math.Min(a.Length, b.Length);
        int i = 0;
        while (i < length && a[i] == b[i])
        {
            i++;
        }
        return i;
    }
}
