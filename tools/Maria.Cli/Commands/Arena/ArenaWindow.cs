using Maria.Cli.Commands.Tokenize;
using Maria.Runtime;
using Maria.Runtime.Masking;
using Maria.Runtime.Tokenization;

namespace Maria.Cli.Commands.Arena;

/// <summary>
/// One held-out window of the infill comparison: its true tokens and the masked positions - every token of a uniform
/// sample of its words (a word = a run of tokens from one that starts with whitespace up to the next; whitespace-only
/// tokens belong to no word), so every method fills exactly the same positions.
/// </summary>
internal sealed record ArenaWindow(int Index, int[] Tokens, int[] Masks)
{
    /// <summary>
    /// <paramref name="count"/> windows of <paramref name="length"/> tokens evenly spaced over every window of the texts, each
    /// with max(1, round(<paramref name="rate"/> x words)) words masked by the project's <see cref="MaskRule"/>, drawn by
    /// <see cref="SeededRandom.For"/>(<paramref name="seed"/>, "arena-masks", window) alone.
    /// </summary>
    public static List<ArenaWindow> Build(HuggingFaceTokenizer tokenizer, IEnumerable<string> texts, int length, int count, double rate, int seed)
    {
        var all = texts.SelectMany(text => TokenWindows.Cut(tokenizer, tokenizer.Encode(text), length)).Select(w => w.Ids).ToList();
        if (all.Count < count)
        {
            throw new Runtime.MariaInputException($"--data holds {all.Count} windows of {length} tokens, fewer than --windows {count}; pass more text, shorter --length or fewer --windows");
        }
        var windows = new List<ArenaWindow>(count);
        for (int i = 0; i < count; i++)
        {
            int index = (int)((long)i * all.Count / count);
            windows.Add(new ArenaWindow(index, all[index], MaskWords(tokenizer, all[index], rate, SeededRandom.For(seed, "arena-masks", index))));
        }
        return windows;
    }

    private static int[] MaskWords(HuggingFaceTokenizer tokenizer, int[] tokens, double rate, SeededRandom random)
    {
        var words = new List<List<int>>();
        for (int i = 0; i < tokens.Length; i++)
        {
            string piece = tokenizer.Decode([tokens[i]]);
            if (piece.Length > 0 && piece.All(char.IsWhiteSpace))
            {
                continue;
            }
            if (words.Count == 0 || (piece.Length > 0 && char.IsWhiteSpace(piece[0])) || words[^1][^1] != i - 1)
            {
                words.Add([]);
            }
            words[^1].Add(i);
        }
        if (words.Count == 0)
        {
            return [];
        }
        var chosen = MaskRule.Draw(words.Count, rate, random);
        return [.. chosen.SelectMany(w => words[w]).Order()];
    }
}
