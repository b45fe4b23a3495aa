namespace Maria.Training.Tokenizer;

/// <summary>
/// Where the special tokens go, mirroring OLMo (causal) and ModernBERT (masked) with a smaller vocabulary.
/// With N ordinary BPE tokens (ids 0 .. N-1) and V = N + 2:
/// causal: <c>&lt;|padding|&gt;</c> = V-2, <c>&lt;|endoftext|&gt;</c> = V-1 (the shared vocabulary 0 .. V-1);
/// masked: the same, plus [UNK] = V, [CLS] = V+1, [SEP] = V+2, [PAD] = V+3, [MASK] = V+4, then [unused0], ...
/// up to the next multiple of 64 rows (V = 4096 gives 4160), as ModernBERT pads its 50368 rows.
/// </summary>
internal sealed class TokenizerLayout
{
    /// <summary>The padding token of the causal model.</summary>
    public const string Padding = "<|padding|>";

    /// <summary>The document separator of the causal model (OLMo's EOS).</summary>
    public const string EndOfText = "<|endoftext|>";

    /// <summary>ModernBERT's specials, in id order after the shared vocabulary.</summary>
    public static readonly IReadOnlyList<string> MaskedSpecials = ["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"];

    /// <summary>ModernBERT pads its vocabulary to a multiple of this many rows.</summary>
    public const int MaskedRowMultiple = 64;

    /// <summary>Lays out the specials after <paramref name="bpeTokenCount"/> ordinary tokens.</summary>
    public TokenizerLayout(int bpeTokenCount)
    {
        BpeTokenCount = bpeTokenCount;
        SharedVocabularySize = bpeTokenCount + 2;
        CausalAddedTokens = [new AddedToken(bpeTokenCount, Padding), new AddedToken(bpeTokenCount + 1, EndOfText)];
        var masked = new List<AddedToken>(CausalAddedTokens);
        for (int i = 0; i < MaskedSpecials.Count; i++)
        {
            masked.Add(new AddedToken(SharedVocabularySize + i, MaskedSpecials[i], LeftStrip: MaskedSpecials[i] == "[MASK]"));
        }
        int rows = (SharedVocabularySize + MaskedSpecials.Count + MaskedRowMultiple - 1) / MaskedRowMultiple * MaskedRowMultiple;
        for (int id = masked.Count + BpeTokenCount, unused = 0; id < rows; id++, unused++)
        {
            masked.Add(new AddedToken(id, $"[unused{unused}]"));
        }
        MaskedAddedTokens = masked;
        MaskedVocabularySize = rows;
    }

    /// <summary>Ordinary BPE tokens: ids 0 .. BpeTokenCount-1.</summary>
    public int BpeTokenCount { get; }

    /// <summary>V: the causal vocabulary, shared by both tokenizers (ids 0 .. V-1).</summary>
    public int SharedVocabularySize { get; }

    /// <summary>The masked tokenizer's size (= ModernBERT embedding rows): a multiple of 64.</summary>
    public int MaskedVocabularySize { get; }

    /// <summary>Added tokens of the causal tokenizer.</summary>
    public IReadOnlyList<AddedToken> CausalAddedTokens { get; }

    /// <summary>Added tokens of the masked tokenizer (the causal ones first).</summary>
    public IReadOnlyList<AddedToken> MaskedAddedTokens { get; }

    /// <summary>The id of a masked-tokenizer special such as "[CLS]".</summary>
    public int MaskedId(string content) => MaskedAddedTokens.Single(t => t.Content == content).Id;
}
