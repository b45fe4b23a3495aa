using Maria.Runtime.Tokenization;

namespace Maria.Runtime.Tests.Tokenization;

public sealed class OlmoTokenizerTests
{
    private static HuggingFaceTokenizer Olmo => TokenizerTestFiles.Olmo;

    // architectures.md §5.1: the OLMo-1B-hf tokenizer's outputs, no special tokens added.
    [Theory]
    [InlineData("This is a test", new[] { 1552, 310, 247, 1071 })]
    [InlineData("A sample test", new[] { 34, 3410, 1071 })]
    [InlineData("生活的真谛是", new[] { 20025, 46549, 5225, 48561, 33656, 238, 12105 })]
    [InlineData("Hi  Hello", new[] { 12764, 50276, 12092 })]
    [InlineData("Hi   Hello", new[] { 12764, 50275, 12092 })]
    [InlineData(" ", new[] { 209 })]
    [InlineData("  ", new[] { 50276 })]
    [InlineData(" Hello", new[] { 24387 })]
    [InlineData("", new int[0])]
    public void Encodes_the_OLMo_reference_vectors(string text, int[] expected)
    {
        Assert.Equal(expected, Olmo.Encode(text));
    }

    [Fact]
    public void Vocabulary_covers_ids_0_to_50279_with_added_tokens_overriding_the_model()
    {
        Assert.Equal(50280, Olmo.VocabularySize);
        Assert.Equal(50009, Olmo.Merges.Count);
        Assert.Equal(("Ġ", "Ġ"), Olmo.Merges[0]);
        Assert.Equal("<|endoftext|>", Olmo.IdToToken(50279));
        Assert.Equal(new string(' ', 24), Olmo.IdToToken(50254));
        Assert.Equal("ĠHello", Olmo.IdToToken(24387));
        Assert.Equal(24387, Olmo.TokenToId("ĠHello"));
        Assert.Equal(1, Olmo.TokenToId("<|padding|>"));
        Assert.Null(Olmo.TokenToId("no such token"));
        Assert.Null(Olmo.IdToToken(50280));
        Assert.Equal(28, Olmo.AddedTokens.Count);
    }

    [Fact]
    public void Special_added_tokens_are_matched_in_text_and_dropped_by_skip_special_decoding()
    {
        var ids = Olmo.Encode("end<|endoftext|>|||IP_ADDRESS|||");
        Assert.Equal(50279, ids[^2]);
        Assert.Equal(0, ids[^1]);
        Assert.Equal("end<|endoftext|>|||IP_ADDRESS|||", Olmo.Decode(ids));
        Assert.Equal("end|||IP_ADDRESS|||", Olmo.Decode(ids, skipSpecialTokens: true));
    }

    [Fact]
    public void Long_whitespace_runs_use_the_longest_space_tokens_first()
    {
        // Space runs are added tokens (50278 - n for n = 2..24 spaces), matched longest first before BPE:
        // 30 spaces become 24 + 6 spaces, and "x" is left without a leading space.
        var ids = Olmo.Encode(new string(' ', 30) + "x");
        Assert.Equal(new[] { 50254, 50272, Olmo.Encode("x")[0] }, ids);
    }

    [Fact]
    public void Without_a_post_processor_template_adding_special_tokens_changes_nothing()
    {
        Assert.Equal(Olmo.Encode("This is a test"), Olmo.Encode("This is a test", addSpecialTokens: true));
    }

    [Fact]
    public void Decoding_the_encoding_of_every_training_address_gives_back_the_text()
    {
        var texts = TokenizerTestFiles.TrainingTexts();
        Assert.NotEmpty(texts);
        Assert.Contains(texts, t => t.Any(c => c > 127));
        long tokens = 0;
        foreach (string text in texts)
        {
            var ids = Olmo.Encode(text);
            tokens += ids.Count;
            string decoded = Olmo.Decode(ids);
            if (decoded != text)
            {
                int at = Enumerable.Range(0, Math.Min(decoded.Length, text.Length)).FirstOrDefault(i => decoded[i] != text[i]);
                Assert.Fail($"round trip differs at char {at}: expected '{Excerpt(text, at)}', got '{Excerpt(decoded, at)}'");
            }
        }
        Assert.True(tokens > texts.Sum(t => t.Length) / 8, $"only {tokens} tokens for the corpus");
    }

    [Fact]
    public void The_normaliser_is_reported_available_exactly_when_this_process_can_compose_characters()
    {
        bool canCompose = "e\u0301".Normalize(System.Text.NormalizationForm.FormC) == "\u00e9";
        Assert.Equal(canCompose, Olmo.NormalizerAvailable);
    }

    private static string Excerpt(string text, int at) => text.Substring(Math.Max(0, at - 20), Math.Min(40, text.Length - Math.Max(0, at - 20)));
}
