using Maria.Runtime.Blanks;
using Maria.Runtime.Infilling;

namespace Maria.Runtime.Tests.Blanks;

/// <summary>The blank search on the shipped model: whole words, constraints honoured, lengths searched, the [MASK] equivalence.</summary>
public sealed class BlankSearchTests(ShippedModelFixture shipped) : IClassFixture<ShippedModelFixture>
{
    private const string Readme = "The President of the [WORD] States shall from time to time give to the [WORD] information of the [BLANK] of the Union.";

    private MariaModel Model => shipped.Model;

    [Fact]
    public void Word_blanks_are_filled_with_whole_words_carrying_their_space()
    {
        var result = Model.Infill(Readme);
        Assert.Equal(3, result.Blanks.Count);
        Assert.Equal([BlankKind.Word, BlankKind.Word, BlankKind.Phrase], result.Blanks.Select(b => b.Kind));
        foreach (var blank in result.Blanks.Where(b => b.Kind == BlankKind.Word))
        {
            Assert.Matches(@"^ \p{L}+$", blank.Text);
        }
        Assert.StartsWith("The President of the", result.Output, StringComparison.Ordinal);
        Assert.EndsWith(" of the Union.", result.Output, StringComparison.Ordinal);
        Assert.Equal(string.Concat(result.Blanks[0].Tokens.Select(t => t.Text)), result.Blanks[0].Text);
    }

    [Fact]
    public void Every_length_up_to_the_maximum_is_weighed_and_the_chosen_fill_is_the_best_scored()
    {
        var result = Model.Infill("We must [BLANK] the budget this year.", new InfillOptions { Blanks = new BlankOptions(MaxTokens: 3, BeamWidth: 1) });
        var blank = Assert.Single(result.Blanks);
        Assert.Equal([1, 2, 3], blank.Alternatives.Select(a => a.TokenIds.Count).Order());
        Assert.Equal(blank.Alternatives[0].TokenIds, blank.Tokens.Select(t => t.TokenId));
        Assert.True(blank.Alternatives.Zip(blank.Alternatives.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.True(double.IsFinite(blank.LogProbability) && blank.LogProbability < 0);
    }

    [Fact]
    public void Each_length_weighs_one_candidate_per_first_token_alternative_each_with_its_own_first_token()
    {
        var options = new InfillOptions { Blanks = new BlankOptions(MaxTokens: 2, BeamWidth: 1, FirstTokenAlternatives: 3) };
        var blank = Assert.Single(Model.Infill("We must [BLANK] the budget this year.", options).Blanks);
        Assert.Equal(6, blank.Alternatives.Count);
        foreach (var sameLength in blank.Alternatives.GroupBy(a => a.TokenIds.Count))
        {
            Assert.Equal(3, sameLength.Select(a => a.TokenIds[0]).Distinct().Count());
        }
        Assert.Equal(blank.Alternatives[0].TokenIds, blank.Tokens.Select(t => t.TokenId));
    }

    [Fact]
    public void A_fixed_length_gives_exactly_that_many_tokens_and_every_token_obeys_the_word_shape()
    {
        var shapes = WordShapes.Build(Model.Tokenizer, Model.Manifest.Vocabulary.SharedSize);
        var options = new InfillOptions { Blanks = new BlankOptions(FixedLength: 3) };
        var result = Model.Infill("The [WORD] of the United States.", options);
        var blank = Assert.Single(result.Blanks);
        Assert.Equal(3, blank.Tokens.Count);
        var slot = new BlankSlot(blank.Position, BlankKind.Word, Spaced: true);
        for (int k = 0; k < 3; k++)
        {
            Assert.True(shapes.Allows(slot, k, blank.Tokens[k].TokenId), $"token {k} '{blank.Tokens[k].Text}' breaks the word shape");
        }
        Assert.Matches(@"^ \p{L}+$", blank.Text);
    }

    [Fact]
    public void A_phrase_of_fixed_length_is_the_plain_mask_fill_when_the_fill_already_has_the_shape()
    {
        // [BLANK] only asks that the first token start with its own space; where MARIA's greedy fill of the [MASK]s
        // already does, the blank with its length fixed is exactly the plain fill.
        const string masked = "We shall [MASK][MASK] the laws of the land.";
        var plain = Model.Infill(masked);
        Assert.StartsWith(" ", plain.Tokens[0].Text, StringComparison.Ordinal);
        var blank = Model.Infill("We shall [BLANK] the laws of the land.", new InfillOptions { Blanks = new BlankOptions(FixedLength: 2) });
        Assert.Equal(plain.Output, blank.Output);
        Assert.Equal(plain.Tokens.Select(t => (t.TokenId, t.Probability)), blank.Tokens.Select(t => (t.TokenId, t.Probability)));
    }

    [Fact]
    public void Masks_and_blanks_mix_and_the_batch_and_stream_paths_agree_with_one_text()
    {
        const string text = "The [MASK] of the [WORD] is [BLANK].";
        var single = Model.Infill(text);
        Assert.Equal(2, single.Blanks.Count);
        Assert.Equal(1, single.Tokens.Count - single.Blanks.Sum(b => b.Tokens.Count));  // the [MASK]'s one token
        var batch = Model.Infill([text, "plain [MASK] text"]);
        Assert.Equal(single.Output, batch[0].Output);
        Assert.Empty(batch[1].Blanks);
        var streamed = string.Concat(Model.StreamAsync(text).ToBlockingEnumerable().Select(e => e.TextDelta));
        Assert.Equal(single.Output, streamed);
    }

    [Fact]
    public void The_causal_proposer_and_the_maria_plus_suffix_scoring_also_fill_whole_words()
    {
        foreach (var options in new[] { new BlankOptions(Proposer: BlankProposer.CausalModel), new BlankOptions(Scoring: BlankScoring.MariaPlusSuffix) })
        {
            var result = Model.Infill("The [WORD] of the United States.", new InfillOptions { Blanks = options });
            Assert.Matches(@"^ \p{L}+$", Assert.Single(result.Blanks).Text);
        }
    }
}
