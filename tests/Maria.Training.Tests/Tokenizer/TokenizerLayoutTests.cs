using Maria.Training.Tokenizer;

namespace Maria.Training.Tests.Tokenizer;

public class TokenizerLayoutTests
{
    [Fact]
    public void A_4096_token_vocabulary_puts_the_causal_specials_last_and_pads_the_masked_one_to_4160_rows()
    {
        var layout = new TokenizerLayout(bpeTokenCount: 4094);

        Assert.Equal(4096, layout.SharedVocabularySize);
        Assert.Equal([(4094, "<|padding|>"), (4095, "<|endoftext|>")], layout.CausalAddedTokens.Select(t => (t.Id, t.Content)));
        Assert.Equal(4096, layout.MaskedId("[UNK]"));
        Assert.Equal(4097, layout.MaskedId("[CLS]"));
        Assert.Equal(4098, layout.MaskedId("[SEP]"));
        Assert.Equal(4099, layout.MaskedId("[PAD]"));
        Assert.Equal(4100, layout.MaskedId("[MASK]"));
        Assert.Equal(4160, layout.MaskedVocabularySize);
        Assert.Equal(4101, layout.MaskedId("[unused0]"));
        Assert.Equal(4159, layout.MaskedId("[unused58]"));
        Assert.Equal(Enumerable.Range(4094, 4160 - 4094), layout.MaskedAddedTokens.Select(t => t.Id));
    }

    [Fact]
    public void Only_mask_absorbs_the_space_before_it()
    {
        var layout = new TokenizerLayout(bpeTokenCount: 300);

        Assert.Equal(["[MASK]"], layout.MaskedAddedTokens.Where(t => t.LeftStrip).Select(t => t.Content));
    }

    [Fact]
    public void No_unused_rows_are_added_when_the_specials_end_on_a_multiple_of_64()
    {
        // 505 BPE tokens + 2 causal specials + 5 masked specials = 512 rows.
        var layout = new TokenizerLayout(bpeTokenCount: 505);

        Assert.Equal(512, layout.MaskedVocabularySize);
        Assert.DoesNotContain(layout.MaskedAddedTokens, t => t.Content.StartsWith("[unused", StringComparison.Ordinal));
    }
}
