using Maria.Runtime;
using Maria.Runtime.Tokenization;
using Maria.Training.Tokenizer;

namespace Maria.Training.Tests.Tokenizer;

/// <summary>Trained files read back through the runtime's tokenizer.json loader.</summary>
public class TrainedTokenizerRoundTripTests
{
    private static readonly string[] Corpus =
    [
        "Fellow-Citizens of the Senate and House of Representatives: In meeting you again I feel much satisfaction.",
        "The state of the Union is strong; the economy grew 3.5% in 1999, and 12,000 new jobs were created.",
        "We shall   keep faith\twith those who came before us.\nAnd we shall not fail.",
        "Naïve café résumé — déjà vu. 日本語のテキスト。",
    ];

    private static (HuggingFaceTokenizer Causal, HuggingFaceTokenizer Masked, BpeTrainer Trainer, TrainedBpe Bpe) TrainAndLoad(int merges = 150)
    {
        var trainer = new BpeTrainer(ByteLevelWordCounter.Count(Corpus));
        var bpe = trainer.Train(merges);
        using var temporary = new TemporaryFolder();
        string folder = temporary.Path;
        TokenizerJsonWriter.WriteCausal(Path.Combine(folder, "causal.json"), bpe);
        TokenizerJsonWriter.WriteMasked(Path.Combine(folder, "masked.json"), bpe);
        return (HuggingFaceTokenizer.Load(Path.Combine(folder, "causal.json")), HuggingFaceTokenizer.Load(Path.Combine(folder, "masked.json")), trainer, bpe);
    }

    [Theory]
    [InlineData("The state of the Union is strong.")]
    [InlineData("Unseen words: zygote, quixotic, Xerxes!")]
    [InlineData("  leading and trailing spaces   ")]
    [InlineData("tabs\tand\nnew\r\nlines")]
    [InlineData("emoji 🇺🇸 and accents: Ångström, naïve")]
    [InlineData("")]
    public void Decoding_the_encoding_gives_back_the_text(string text)
    {
        var (causal, masked, _, _) = TrainAndLoad();

        Assert.Equal(text, causal.Decode(causal.Encode(text)));
        Assert.Equal(text, masked.Decode(masked.Encode(text)));
    }

    [Fact]
    public void Encoding_the_training_texts_takes_as_many_tokens_as_training_predicted()
    {
        var (causal, _, trainer, _) = TrainAndLoad();

        long encoded = Corpus.Sum(t => (long)causal.Encode(t).Count);

        Assert.Equal(trainer.CorpusTokenCount, encoded);
    }

    [Fact]
    public void The_causal_tokenizer_adds_nothing_and_knows_its_two_specials()
    {
        var (causal, _, _, bpe) = TrainAndLoad();
        int v = bpe.Tokens.Count + 2;

        Assert.Equal(v, causal.VocabularySize);
        Assert.Equal(causal.Encode("of the"), causal.Encode("of the", addSpecialTokens: true));
        Assert.Equal([v - 1], causal.Encode("<|endoftext|>"));
        Assert.Equal([v - 2], causal.Encode("<|padding|>"));
    }

    [Fact]
    public void The_masked_tokenizer_wraps_in_cls_sep_and_mask_absorbs_the_space_before_it()
    {
        var (causal, masked, _, bpe) = TrainAndLoad();
        int v = bpe.Tokens.Count + 2;

        var ids = masked.Encode("The [MASK] of the Union", addSpecialTokens: true);

        int[] expected = [v + 1, .. causal.Encode("The"), v + 4, .. causal.Encode(" of the Union"), v + 2];
        Assert.Equal(expected, ids);
        Assert.Equal(0, masked.VocabularySize % 64);
        Assert.True(masked.IsSpecialToken(v + 4));
    }

    [Fact]
    public void Frequent_words_become_single_tokens()
    {
        var (causal, _, _, _) = TrainAndLoad(merges: 300);

        Assert.Single(causal.Encode(" the"));
        Assert.Single(causal.Encode(" of"));
    }
}
