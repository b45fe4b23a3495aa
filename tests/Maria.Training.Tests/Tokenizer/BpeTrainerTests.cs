using Maria.Runtime;
using Maria.Runtime.Tokenization;
using Maria.Training.Tokenizer;

namespace Maria.Training.Tests.Tokenizer;

public class BpeTrainerTests
{
    private static TrainedBpe Train(IEnumerable<string> texts, int merges)
        => new BpeTrainer(ByteLevelWordCounter.Count(texts)).Train(merges);

    [Fact]
    public void Greedy_merges_on_a_hand_checked_corpus_break_ties_by_the_smallest_pair()
    {
        // Pieces "aaab", "Ġaab", "Ġab". Step 1: (a,a) and (a,b) both occur 3 times; "a a" < "a b" wins.
        // Step 2: (a,b) occurs twice. Step 3: four pairs occur once; "aa ab" is the ordinally smallest.
        // Step 4: "aa b" (in "Ġ aa b") beats "Ġ aa" and "Ġ ab" because 'a' < 'Ġ'.
        var bpe = Train(["aaab aab ab"], merges: 4);

        Assert.Equal([("a", "a"), ("a", "b"), ("aa", "ab"), ("aa", "b")], bpe.Merges);
        Assert.Equal(["aa", "ab", "aaab", "aab"], bpe.Tokens.Skip(256));
    }

    [Fact]
    public void The_most_frequent_pair_is_merged_first()
    {
        var bpe = Train(["xy xy xy zw"], merges: 1);

        // Pieces "xy" x1, "Ġxy" x2, "Ġzw" x1: (x, y) occurs 3 times, (Ġ, x) twice, the rest once.
        Assert.Equal([("x", "y")], bpe.Merges);
    }

    [Fact]
    public void Training_does_not_depend_on_the_order_of_the_texts()
    {
        string[] texts = ["the cat sat on the mat", "a bat and a cat", "that hat", "mat bat cat hat sat"];

        var forward = Train(texts, merges: 30);
        var backward = Train(texts.Reverse(), merges: 30);

        Assert.Equal(forward.Merges, backward.Merges);
    }

    [Fact]
    public void The_first_256_tokens_are_the_byte_level_symbols_in_byte_order()
    {
        var bpe = Train(["hello"], merges: 0);

        Assert.Equal(256, bpe.Tokens.Count);
        for (int b = 0; b < 256; b++)
        {
            Assert.Equal(ByteLevelAlphabet.ByteToChar((byte)b).ToString(), bpe.Tokens[b]);
        }
    }

    [Fact]
    public void Training_stops_early_when_no_adjacent_pair_is_left()
    {
        var bpe = Train(["ab ab"], merges: 100);

        // "ab", "Ġab": merges "a b" then "Ġ ab"; then every piece is a single token.
        Assert.Equal([("a", "b"), ("Ġ", "ab")], bpe.Merges);
    }

    [Fact]
    public void Incremental_pair_counts_give_the_same_merges_as_recounting_from_scratch()
    {
        var random = new Random(7);
        string[] syllables = ["ka", "to", "ri", "mun", "e", "sha", "l", "ooo", "q", " ", ", ", "ää", "日本"];
        var texts = Enumerable.Range(0, 40).Select(_ => string.Concat(
            Enumerable.Range(0, 60).Select(_ => syllables[random.Next(syllables.Length)]))).ToArray();
        var pieces = ByteLevelWordCounter.Count(texts);

        var incremental = new BpeTrainer(pieces).Train(120);
        var recounted = RecountingBpe(pieces, 120);

        Assert.Equal(recounted, incremental.Merges);
    }

    [Fact]
    public void Corpus_token_count_is_the_length_of_the_pieces_after_the_merges()
    {
        var trainer = new BpeTrainer(ByteLevelWordCounter.Count(["aaab aab ab"]));
        Assert.Equal(4 + 4 + 3, trainer.CorpusTokenCount);

        trainer.Train(2);

        // [aa, ab], [Ġ, aa, b], [Ġ, ab]
        Assert.Equal(2 + 3 + 2, trainer.CorpusTokenCount);
    }

    [Fact]
    public void Pieces_are_nfc_normalised_before_counting()
    {
        var decomposed = ByteLevelWordCounter.Count(["cafe\u0301"]);
        var composed = ByteLevelWordCounter.Count(["caf\u00e9"]);

        Assert.Equal(composed, decomposed);
    }

    /// <summary>The textbook algorithm: recount every pair over every piece before each merge.</summary>
    private static List<(string, string)> RecountingBpe(IReadOnlyDictionary<string, long> pieceFrequencies, int mergeCount)
    {
        var pieces = pieceFrequencies.Select(p => (Symbols: p.Key.Select(c => c.ToString()).ToList(), Count: p.Value)).ToList();
        var merges = new List<(string, string)>();
        while (merges.Count < mergeCount)
        {
            var counts = new Dictionary<(string, string), long>();
            foreach (var (symbols, count) in pieces)
            {
                for (int i = 0; i + 1 < symbols.Count; i++)
                {
                    counts[(symbols[i], symbols[i + 1])] = counts.GetValueOrDefault((symbols[i], symbols[i + 1])) + count;
                }
            }
            if (counts.Count == 0)
            {
                break;
            }
            var best = counts.OrderByDescending(c => c.Value)
                .ThenBy(c => c.Key.Item1, StringComparer.Ordinal).ThenBy(c => c.Key.Item2, StringComparer.Ordinal).First().Key;
            merges.Add(best);
            foreach (var (symbols, _) in pieces)
            {
                for (int i = 0; i + 1 < symbols.Count; i++)
                {
                    if (symbols[i] == best.Item1 && symbols[i + 1] == best.Item2)
                    {
                        symbols[i] += symbols[i + 1];
                        symbols.RemoveAt(i + 1);
                    }
                }
            }
        }
        return merges;
    }
}
