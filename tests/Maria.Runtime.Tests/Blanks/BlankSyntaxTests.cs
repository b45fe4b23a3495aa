using Maria.Runtime.Blanks;

namespace Maria.Runtime.Tests.Blanks;

/// <summary>[WORD] / [BLANK] markers: where they may stand, and the one-line refusals.</summary>
public sealed class BlankSyntaxTests(ShippedModelFixture shipped) : IClassFixture<ShippedModelFixture>
{
    private MariaModel Model => shipped.Model;

    [Theory]
    [InlineData("the na[WORD] of the", "inside the word 'na[WORD]'")]
    [InlineData("the [BLANK]s of the", "inside the word '[BLANK]s'")]
    [InlineData("the [[WORD]] of the", "nested brackets")]
    [InlineData("the [WORD of the [BLANK]", "nested brackets")]
    [InlineData("the [WORD] of the]", "unbalanced brackets: ']' at character 17")]
    [InlineData("the [WORD] of [the", "unbalanced brackets: '[' at character 14")]
    [InlineData("the [WORD] of [CLS]", "special token '[CLS]'")]
    public void A_bad_marker_is_refused_with_a_one_line_message(string text, string expected)
    {
        var error = Assert.Throws<MariaInputException>(() => Model.Infill(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Max_tokens_zero_is_refused()
    {
        var options = new InfillOptions { Blanks = new BlankOptions(MaxTokens: 0) };
        var error = Assert.Throws<MariaInputException>(() => Model.Infill("the [WORD] of", options));
        Assert.Contains("--max-blank-tokens 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_blanks_than_the_context_holds_at_one_token_are_refused()
    {
        string text = string.Join(' ', Enumerable.Repeat("[WORD]", Model.Baselines.MaxTokens + 1));
        var error = Assert.Throws<MariaInputException>(() => Model.Infill(text));
        Assert.Contains("use fewer blanks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_too_long_even_without_its_blanks_is_refused()
    {
        string text = string.Join(' ', Enumerable.Repeat("word", Model.Baselines.MaxTokens + 5)) + " [WORD]";
        var error = Assert.Throws<MariaInputException>(() => Model.Infill(text));
        Assert.Contains("shorten the text or split it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tokenizer_that_owns_a_marker_is_refused()
    {
        string json = File.ReadAllText(Path.Combine(Model.Directory, Model.Manifest.Vocabulary.Tokenizer))
            .Replace("\"[unused0]\"", "\"[WORD]\"", StringComparison.Ordinal);
        var tokenizer = Runtime.HuggingFaceTokenizer.FromJson(json, "owned.json");
        var error = Assert.Throws<MariaInputException>(() => BlankTemplate.Parse("a [WORD] b", tokenizer, Model.Manifest.Vocabulary));
        Assert.Contains("has its own token [WORD]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Markers_become_one_placeholder_each_that_absorbs_the_space_before_it()
    {
        var template = BlankTemplate.Parse("The [WORD] of [BLANK], [MASK] end", Model.Tokenizer, Model.Manifest.Vocabulary);
        Assert.Equal([BlankKind.Word, BlankKind.Phrase, (BlankKind?)null], template.Slots.Select(s => s.Kind));
        Assert.All(template.Slots, s => Assert.Equal(Model.Manifest.Vocabulary.MaskId, template.Tokens[s.Position]));
        Assert.Equal([true, true, false], template.Slots.Select(s => s.Spaced));
        Assert.Equal(Model.Tokenizer.Encode("The [MASK] of [MASK], [MASK] end"), template.Tokens);
    }
}
