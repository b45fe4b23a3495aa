using Maria.Runtime;
using Maria.Runtime.Tokenization;

namespace Maria.Training.Tokenizer;

/// <summary>
/// Greedy byte-level BPE: starting from the 256 byte-level symbols, repeatedly merge the most frequent adjacent
/// pair (counted over the piece frequencies), ties broken by the ordinally smallest (left, right) strings so that
/// training is deterministic. Pair counts are updated incrementally: a merge only revisits the pieces that
/// contain the merged pair (found through a pair -> pieces index), and a max-heap with lazy deletion finds the
/// next best pair.
/// </summary>
internal sealed class BpeTrainer
{
    private readonly List<string> tokens = new();
    private readonly List<(string Left, string Right)> merges = new();
    private readonly int[][] pieces;
    private readonly long[] pieceCounts;
    private readonly Dictionary<long, long> pairCounts = new();
    private readonly Dictionary<long, HashSet<int>> piecesByPair = new();
    private readonly PriorityQueue<long, (long Count, long Pair)> candidates;

    /// <summary>Prepares training over byte-level pieces and their frequencies (from <see cref="ByteLevelWordCounter"/>).</summary>
    public BpeTrainer(IReadOnlyDictionary<string, long> pieceFrequencies)
    {
        for (int b = 0; b < TrainedBpe.ByteSymbolCount; b++)
        {
            tokens.Add(ByteLevelAlphabet.ByteToChar((byte)b).ToString());
        }
        candidates = new PriorityQueue<long, (long Count, long Pair)>(Comparer<(long Count, long Pair)>.Create(CompareCandidates));
        // Sorted so that piece indices (and therefore every later step) do not depend on dictionary order.
        var ordered = pieceFrequencies.Where(p => p.Value > 0).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        pieces = new int[ordered.Length][];
        pieceCounts = new long[ordered.Length];
        for (int i = 0; i < ordered.Length; i++)
        {
            pieces[i] = ordered[i].Key.Select(SymbolId).ToArray();
            pieceCounts[i] = ordered[i].Value;
            AddPairs(i);
        }
        foreach (var (pair, count) in pairCounts)
        {
            candidates.Enqueue(pair, (count, pair));
        }
    }

    /// <summary>
    /// How many tokens the training pieces take with the merges done so far: the training corpus's encoded length,
    /// since encoding applies the same merges in the same order.
    /// </summary>
    public long CorpusTokenCount => pieces.Select((symbols, i) => symbols.LongLength * pieceCounts[i]).Sum();

    /// <summary>
    /// Performs up to <paramref name="mergeCount"/> merges (fewer when no adjacent pair is left) and returns the
    /// vocabulary. <paramref name="progress"/> receives the number of merges done so far now and then.
    /// </summary>
    public TrainedBpe Train(int mergeCount, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        while (merges.Count < mergeCount && TryTakeBestPair(out long pair))
        {
            cancellation.ThrowIfCancellationRequested();
            Merge(pair);
            if (merges.Count % 256 == 0)
            {
                progress?.Report(merges.Count);
            }
        }
        return new TrainedBpe(tokens.ToArray(), merges.ToArray());
    }

    private static int SymbolId(char symbol) => ByteLevelAlphabet.TryCharToByte(symbol, out byte value)
        ? value
        : throw new ArgumentException($"'{symbol}' is not a byte-level symbol; pieces must come from ByteLevelWordCounter");

    private static long PairKey(int left, int right) => ((long)left << 32) | (uint)right;

    private static int Left(long pair) => (int)(pair >> 32);

    private static int Right(long pair) => (int)(pair & 0xFFFFFFFF);

    /// <summary>Heap order: higher count first, then the ordinally smaller left string, then right string.</summary>
    private int CompareCandidates((long Count, long Pair) x, (long Count, long Pair) y)
    {
        int byCount = y.Count.CompareTo(x.Count);
        if (byCount != 0)
        {
            return byCount;
        }
        int byLeft = string.CompareOrdinal(tokens[Left(x.Pair)], tokens[Left(y.Pair)]);
        return byLeft != 0 ? byLeft : string.CompareOrdinal(tokens[Right(x.Pair)], tokens[Right(y.Pair)]);
    }

    private bool TryTakeBestPair(out long pair)
    {
        while (candidates.TryDequeue(out pair, out var entry))
        {
            // Entries go stale when a pair's count changes after it was queued; only the current count counts.
            if (pairCounts.TryGetValue(pair, out long count) && count == entry.Count && count > 0)
            {
                return true;
            }
        }
        return false;
    }

    private void Merge(long pair)
    {
        int left = Left(pair);
        int right = Right(pair);
        int merged = tokens.Count;
        tokens.Add(tokens[left] + tokens[right]);
        merges.Add((tokens[left], tokens[right]));

        var changed = new HashSet<long>();
        int[] affected = piecesByPair[pair].ToArray();
        Array.Sort(affected);
        foreach (int piece in affected)
        {
            if (!Contains(pieces[piece], left, right))
            {
                continue; // the index keeps pieces that lost the pair in an earlier merge
            }
            RemovePairs(piece, changed);
            pieces[piece] = Replace(pieces[piece], left, right, merged);
            AddPairs(piece, changed);
        }
        pairCounts.Remove(pair);
        piecesByPair.Remove(pair);
        foreach (long changedPair in changed)
        {
            if (pairCounts.TryGetValue(changedPair, out long count) && count > 0)
            {
                candidates.Enqueue(changedPair, (count, changedPair));
            }
        }
    }

    private void AddPairs(int piece, HashSet<long>? changed = null)
    {
        int[] symbols = pieces[piece];
        for (int i = 0; i + 1 < symbols.Length; i++)
        {
            long pair = PairKey(symbols[i], symbols[i + 1]);
            pairCounts[pair] = pairCounts.GetValueOrDefault(pair) + pieceCounts[piece];
            if (!piecesByPair.TryGetValue(pair, out var set))
            {
                set = new HashSet<int>();
                piecesByPair[pair] = set;
            }
            set.Add(piece);
            changed?.Add(pair);
        }
    }

    private void RemovePairs(int piece, HashSet<long> changed)
    {
        int[] symbols = pieces[piece];
        for (int i = 0; i + 1 < symbols.Length; i++)
        {
            long pair = PairKey(symbols[i], symbols[i + 1]);
            long count = pairCounts[pair] - pieceCounts[piece];
            if (count == 0)
            {
                pairCounts.Remove(pair);
            }
            else
            {
                pairCounts[pair] = count;
            }
            changed.Add(pair);
        }
    }

    private static bool Contains(int[] symbols, int left, int right)
    {
        for (int i = 0; i + 1 < symbols.Length; i++)
        {
            if (symbols[i] == left && symbols[i + 1] == right)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Replaces non-overlapping occurrences left to right ("aaa" with (a, a) gives "aa a").</summary>
    private static int[] Replace(int[] symbols, int left, int right, int merged)
    {
        var result = new List<int>(symbols.Length);
        for (int i = 0; i < symbols.Length; i++)
        {
            if (i + 1 < symbols.Length && symbols[i] == left && symbols[i + 1] == right)
            {
                result.Add(merged);
                i++;
            }
            else
            {
                result.Add(symbols[i]);
            }
        }
        return result.ToArray();
    }
}
