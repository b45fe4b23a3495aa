using Maria.Cli.Inputs;
using Maria.Runtime;
using Maria.Runtime.Masking;
using Maria.Runtime.Tokenization;

namespace Maria.Cli.Commands.Eval;

/// <summary>
/// The windows <c>maria eval</c> scores (maria-method.md §6, "rolling" evaluation): each text of a JSON-lines file
/// ({"text": ...} per line) is tokenised with the package tokenizer (no special tokens) and cut into consecutive
/// windows of at most <c>context</c> tokens; windows are taken in file order while the running total stays within
/// the token cap, so the cap always keeps whole windows.
/// </summary>
internal sealed class EvalCorpus
{
    private EvalCorpus(IReadOnlyList<int[]> windows, int texts, bool capped)
    {
        Windows = windows;
        Texts = texts;
        Capped = capped;
    }

    /// <summary>The windows in file order, each [length &lt;= context] shared-vocabulary ids.</summary>
    public IReadOnlyList<int[]> Windows { get; }

    /// <summary>Texts that contributed at least one window.</summary>
    public int Texts { get; }

    /// <summary>Whether the token cap stopped the reading before the end of the file.</summary>
    public bool Capped { get; }

    /// <summary>Total tokens over all windows.</summary>
    public int TotalTokens => Windows.Sum(w => w.Length);

    /// <summary>Reads <paramref name="path"/> into windows of at most <paramref name="context"/> tokens, stopping before the window that would pass <paramref name="maxTokens"/>.</summary>
    public static EvalCorpus Read(string path, HuggingFaceTokenizer tokenizer, int sharedVocabularySize, int context, int maxTokens)
    {
        var windows = new List<int[]>();
        int total = 0, texts = 0;
        foreach (string text in JsonTextLines.Read(path))
        {
            // Special tokens (a literal "[MASK]" in a text, say) are never valid text tokens: leave them out.
            var tokens = TextTokens.Encode(tokenizer, text, sharedVocabularySize);
            bool contributed = false;
            foreach (var window in TextWindows.Consecutive(tokens, context))
            {
                if (total + window.Length > maxTokens)
                {
                    return Finish(path, windows, texts + (contributed ? 1 : 0), capped: true, maxTokens);
                }
                windows.Add(window);
                total += window.Length;
                contributed = true;
            }
            texts += contributed ? 1 : 0;
        }
        return Finish(path, windows, texts, capped: false, maxTokens);
    }

    private static EvalCorpus Finish(string path, List<int[]> windows, int texts, bool capped, int maxTokens)
    {
        if (windows.Count == 0 && capped)
        {
            throw new MariaInputException($"--max-tokens {maxTokens} is smaller than the first window of {path}; pass a larger --max-tokens or a smaller --context");
        }
        if (windows.Count == 0)
        {
            throw new MariaInputException($"--data {path}: the file has no text; pass a JSON-lines file of {{\"text\": ...}} records with non-empty texts");
        }
        return new EvalCorpus(windows, texts, capped);
    }
}
