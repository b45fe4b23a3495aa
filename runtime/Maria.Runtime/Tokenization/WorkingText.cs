namespace Maria.Runtime.Tokenization;

/// <summary>
/// A piece of text as the pipeline sees it (after normalisation, maybe with a prefix space) together with where
/// each of its chars came from in the original text, so that tokens can report original offsets.
/// </summary>
internal sealed class WorkingText
{
    // [Text.Length + 1]: original index at which char i starts; the last entry is the original end.
    // Null when the text is an unchanged copy of the original starting at originalStart (the common case).
    private readonly int[]? _origins;
    private readonly int _originalStart;

    private WorkingText(string text, int[]? origins, int originalStart)
    {
        Text = text;
        _origins = origins;
        _originalStart = originalStart;
    }

    public string Text { get; }

    /// <summary>A text that is the original text itself from <paramref name="originalStart"/> on.</summary>
    public static WorkingText Unchanged(string text, int originalStart) => new(text, null, originalStart);

    /// <summary>A rewritten text; <paramref name="origins"/> has Text.Length + 1 non-decreasing entries.</summary>
    public static WorkingText Rewritten(string text, int[] origins) => new(text, origins, 0);

    /// <summary>Original index where char <paramref name="index"/> starts (index == Text.Length gives the end).</summary>
    public int OriginalIndex(int index) => _origins is null ? _originalStart + index : _origins[index];

    /// <summary>
    /// Inserts one space before every range that does not start with one (ByteLevel add_prefix_space); the space
    /// maps to an empty original span at the range start. Updates <paramref name="ranges"/> to the new text.
    /// </summary>
    public WorkingText PrependSpaces(List<TextRange> ranges)
    {
        var builder = new System.Text.StringBuilder(Text.Length + ranges.Count);
        var origins = new List<int>(Text.Length + ranges.Count + 1);
        int copied = 0;
        for (int r = 0; r < ranges.Count; r++)
        {
            var range = ranges[r];
            for (; copied < range.Start; copied++)
            {
                builder.Append(Text[copied]);
                origins.Add(OriginalIndex(copied));
            }
            bool addSpace = range.Length > 0 && Text[range.Start] != ' ';
            int newStart = builder.Length;
            if (addSpace)
            {
                builder.Append(' ');
                origins.Add(OriginalIndex(range.Start));
            }
            ranges[r] = new TextRange(newStart, range.Length + (addSpace ? 1 : 0));
        }
        for (; copied < Text.Length; copied++)
        {
            builder.Append(Text[copied]);
            origins.Add(OriginalIndex(copied));
        }
        origins.Add(OriginalIndex(Text.Length));
        return Rewritten(builder.ToString(), origins.ToArray());
    }
}
