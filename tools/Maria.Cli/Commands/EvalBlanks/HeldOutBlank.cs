using System.Text.RegularExpressions;
using Maria.Runtime;
using Maria.Runtime.Blanks;
using Maria.Runtime.Masking;

namespace Maria.Cli.Commands.EvalBlanks;

/// <summary>
/// One held-out blank of <c>maria eval-blanks</c>: a window of consecutive words of a validation text with one word
/// (kind word: letters only, never the window's first) or 1-4 consecutive words (kind phrase) removed and replaced
/// by <c>[WORD]</c> / <c>[BLANK]</c>. The true span keeps the space before it, as a fill does.
/// </summary>
/// <param name="Window">The window's index among the windows read.</param>
/// <param name="Kind">Word or phrase.</param>
/// <param name="Text">The window's true text.</param>
/// <param name="Start">Character where the removed span's leading space starts.</param>
/// <param name="End">Character after the span.</param>
internal sealed partial record HeldOutBlank(int Window, BlankKind Kind, string Text, int Start, int End)
{
    /// <summary>The longest phrase removed, in words.</summary>
    public const int MaxPhraseWords = 4;

    /// <summary>The window with the span replaced by its marker (the marker absorbs the space before it).</summary>
    public string Masked(string marker) => Text[..Start] + " " + marker + Text[End..];

    /// <summary>The removed span with its leading space (what a correct fill decodes to).</summary>
    public string Span => Text[Start..End];

    /// <summary>
    /// Consecutive windows of <paramref name="words"/> whitespace-separated words of each text, <paramref name="count"/>
    /// of them spread evenly over all windows in file order, each with one blank of <paramref name="kind"/> drawn by a
    /// generator seeded with (seed, window), so every proposer and every rerun sees the very same blanks.
    /// </summary>
    public static List<HeldOutBlank> Draw(IEnumerable<string> texts, int words, int count, BlankKind kind, int seed)
    {
        var windows = new List<(string Text, Match[] Words)>();
        foreach (string text in texts)
        {
            var all = WordPattern().Matches(text).ToArray();
            for (int first = 0; first + words <= all.Length; first += words)
            {
                int start = all[first].Index;
                var last = all[first + words - 1];
                string window = text[start..(last.Index + last.Length)];
                windows.Add((window, WordPattern().Matches(window).ToArray()));
            }
        }
        var blanks = new List<HeldOutBlank>(count);
        for (int i = 0; i < Math.Min(count, windows.Count); i++)
        {
            int index = (int)((long)i * windows.Count / Math.Min(count, windows.Count));
            var (window, parts) = windows[index];
            if (window.Contains('[', StringComparison.Ordinal) || window.Contains(']', StringComparison.Ordinal))
            {
                continue; // brackets are blank syntax: a window with its own would test the parser, not the fill
            }
            var random = SeededRandom.For(seed, kind == BlankKind.Word ? "blank-word" : "blank-phrase", index);
            int firstWord, lastWord;
            if (kind == BlankKind.Word)
            {
                var letters = Enumerable.Range(1, parts.Length - 1).Where(j => LettersPattern().IsMatch(parts[j].Value) && AfterSpace(window, parts[j])).ToArray();
                if (letters.Length == 0)
                {
                    continue;
                }
                firstWord = lastWord = letters[random.NextInt(letters.Length)];
            }
            else
            {
                int length = 1 + random.NextInt(MaxPhraseWords);
                var starts = Enumerable.Range(1, parts.Length - length).Where(j => AfterSpace(window, parts[j])).ToArray();
                if (starts.Length == 0)
                {
                    continue;
                }
                firstWord = starts[random.NextInt(starts.Length)];
                lastWord = firstWord + length - 1;
            }
            // The span starts at the space right before its first word.
            int start = parts[firstWord].Index - 1;
            int end = parts[lastWord].Index + parts[lastWord].Length;
            blanks.Add(new HeldOutBlank(index, kind, window, start, end));
        }
        return blanks;
    }

    /// <summary>A removed span starts at one plain space (a fill carries exactly that), not at a newline.</summary>
    private static bool AfterSpace(string window, Match word) => window[word.Index - 1] == ' ';

    [GeneratedRegex(@"\S+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"^\p{L}+$")]
    private static partial Regex LettersPattern();
}
