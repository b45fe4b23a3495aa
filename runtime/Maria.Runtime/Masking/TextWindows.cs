namespace Maria.Runtime.Masking;

/// <summary>
/// The one way evaluation and training cut a token sequence into windows (maria-method.md §6, "rolling"):
/// consecutive, non-overlapping windows of <c>length</c> tokens from the start; the last, shorter one is kept when it
/// holds at least <c>minimumLength</c> tokens (1: every token is scored; <c>length</c>: only whole windows).
/// </summary>
internal static class TextWindows
{
    /// <summary>The windows of <paramref name="ids"/>, in order, each [min(length, rest)] ids.</summary>
    public static IEnumerable<int[]> Consecutive(int[] ids, int length, int minimumLength = 1)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimumLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumLength, length);
        return Cut(ids, length, minimumLength);
    }

    private static IEnumerable<int[]> Cut(int[] ids, int length, int minimumLength)
    {
        for (int start = 0; start < ids.Length; start += length)
        {
            int take = Math.Min(length, ids.Length - start);
            if (take < minimumLength)
            {
                yield break;
            }
            yield return ids[start..(start + take)];
        }
    }
}
