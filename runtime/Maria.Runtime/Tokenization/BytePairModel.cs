using System.Collections.Concurrent;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Maria.Runtime.Tokenization;

/// <summary>
/// The BPE model of tokenizer.json: Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/> with ByteLevel = true
/// does the byte-to-character mapping and the merges for one pre-token at a time (it is called without its
/// own pre-tokenisation and normalisation, which this loader does itself). Results are cached per pre-token
/// word, which is what makes encoding a corpus fast: natural text repeats a small set of words.
/// </summary>
internal sealed class BytePairModel
{
    // Enough for the distinct words of a large corpus; beyond it words are encoded without being cached.
    private const int MaxCachedWords = 1 << 19;

    private readonly BpeTokenizer _bpe;
    private readonly IReadOnlyDictionary<string, int> _vocabulary;
    private readonly bool _ignoreMerges;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _cacheBySpan;
    private int _cachedWords;

    public BytePairModel(IReadOnlyDictionary<string, int> vocabulary, IReadOnlyList<(string Left, string Right)> merges,
        string? unknownToken, bool ignoreMerges)
    {
        _vocabulary = vocabulary;
        _ignoreMerges = ignoreMerges;
        _cacheBySpan = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        _bpe = BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = merges.Select(m => m.Left + " " + m.Right),
            ByteLevel = true,
            UnknownToken = unknownToken,
        });
    }

    /// <summary>The ids of one pre-token word (original characters, not yet byte-level). Do not modify the array.</summary>
    public int[] EncodeWord(ReadOnlySpan<char> word)
    {
        if (_cacheBySpan.TryGetValue(word, out var cached))
        {
            return cached;
        }
        int[] ids = EncodeUncached(word);
        if (_cachedWords < MaxCachedWords && _cache.TryAdd(word.ToString(), ids))
        {
            Interlocked.Increment(ref _cachedWords);
        }
        return ids;
    }

    private int[] EncodeUncached(ReadOnlySpan<char> word)
    {
        if (_ignoreMerges)
        {
            // ignore_merges (Llama-3 style): a word that is a vocabulary entry is that entry, merges or not.
            var bytes = Encoding.UTF8.GetBytes(word.ToString());
            if (_vocabulary.TryGetValue(ByteLevelAlphabet.Encode(bytes), out int whole))
            {
                return [whole];
            }
        }
        return [.. _bpe.EncodeToIds(word, considerPreTokenization: false, considerNormalization: false)];
    }
}
