using Maria.Runtime;
using Maria.Runtime.Masking;
using Maria.Runtime.Tokenization;

namespace Maria.Training.HeadTraining;

/// <summary>
/// The head's examples: each address tokenized with the package tokenizer (shared-vocabulary ids, no special
/// tokens) and cut into consecutive windows of the sequence length. Windows never cross addresses (each one is read
/// as the start of a document: [BOS] for the AR stream, [CLS] for the MLM stream); an address's last partial window
/// is kept when it holds at least a quarter of the length, so short addresses still count.
/// </summary>
internal sealed class HeadWindows
{
    private readonly List<int[]> windows;

    private HeadWindows(List<int[]> windows, long tokenCount)
    {
        this.windows = windows;
        TokenCount = tokenCount;
    }

    /// <summary>Number of windows.</summary>
    public int Count => windows.Count;

    /// <summary>Tokens over all windows.</summary>
    public long TokenCount { get; }

    /// <summary>Window <paramref name="index"/>.</summary>
    public int[] this[int index] => windows[index];

    /// <summary>Windows of at most <paramref name="length"/> tokens over <paramref name="texts"/>, in order.</summary>
    public static HeadWindows Build(IEnumerable<string> texts, HuggingFaceTokenizer tokenizer, int sharedVocabularySize, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        var windows = new List<int[]>();
        long tokens = 0;
        foreach (string text in texts)
        {
            var ids = TextTokens.Encode(tokenizer, text, sharedVocabularySize);
            // A last window of at least a quarter of the length is kept: ceil(length / 4) tokens.
            foreach (var window in TextWindows.Consecutive(ids, length, minimumLength: (length + 3) / 4))
            {
                windows.Add(window);
                tokens += window.Length;
            }
        }
        return new HeadWindows(windows, tokens);
    }

    /// <summary>
    /// <paramref name="count"/> windows spread evenly over this set (all of them when it has fewer): the fixed
    /// validation sample, identical for every run over the same file and length.
    /// </summary>
    public IReadOnlyList<int[]> EvenlySpaced(int count)
    {
        if (count >= windows.Count)
        {
            return windows;
        }
        return Enumerable.Range(0, count).Select(k => windows[(int)((long)k * windows.Count / count)]).ToArray();
    }
}
