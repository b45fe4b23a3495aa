using Maria.Runtime.Tokenization;

namespace Maria.Runtime.Tests.Tokenization;

public sealed class IncrementalDecoderTests
{
    private static HuggingFaceTokenizer Olmo => TokenizerTestFiles.Olmo;

    [Theory]
    [InlineData("生活的真谛是")]
    [InlineData("It’s a “quoted” word — naïve café.")]
    [InlineData("Party 🎉🎊 time 👩‍👩‍👧 and 𝐁old 𠀀 letters")]
    [InlineData("Mixed: Ελληνικά, русский, עברית, العربية, 日本語のテキスト。")]
    public void Feeding_ids_one_by_one_never_splits_a_character_and_concatenates_to_the_text(string text)
    {
        var ids = Olmo.Encode(text);
        var decoder = Olmo.CreateIncrementalDecoder();
        var pieces = ids.Select(decoder.Append).ToList();
        pieces.Add(decoder.Flush());

        Assert.DoesNotContain(pieces, p => p.Contains('\uFFFD'));
        Assert.DoesNotContain(pieces, p => p.Length > 0 && char.IsLowSurrogate(p[0]));
        Assert.DoesNotContain(pieces, p => p.Length > 0 && char.IsHighSurrogate(p[^1]));
        Assert.Equal(text, string.Concat(pieces));
    }

    [Fact]
    public void A_token_that_ends_inside_a_character_yields_nothing_until_the_character_is_complete()
    {
        // "生活的真谛是" -> ..., 33656, 238, ...: 33656 holds the first bytes of "谛", 238 its last byte.
        var decoder = Olmo.CreateIncrementalDecoder();
        Assert.Equal("生活", decoder.Append(20025) + decoder.Append(46549));
        Assert.Equal("的真", decoder.Append(5225) + decoder.Append(48561));
        Assert.Equal("", decoder.Append(33656));
        Assert.Equal("谛", decoder.Append(238));
        Assert.Equal("是", decoder.Append(12105));
        Assert.Equal("", decoder.Flush());
    }

    [Fact]
    public void Flush_turns_an_incomplete_tail_into_one_replacement_character()
    {
        var decoder = Olmo.CreateIncrementalDecoder();
        Assert.Equal("", decoder.Append(33656));
        Assert.Equal("\uFFFD", decoder.Flush());
        Assert.Equal("\uFFFD", Olmo.Decode([33656]));
    }

    [Fact]
    public void Skipping_special_tokens_drops_them_from_the_stream()
    {
        var decoder = Olmo.CreateIncrementalDecoder(skipSpecialTokens: true);
        Assert.Equal("Hi", decoder.Append(Olmo.Encode("Hi")[0]));
        Assert.Equal("", decoder.Append(50279));
        Assert.Equal(" Hello", decoder.Append(24387));
    }

    [Fact]
    public void An_id_outside_the_vocabulary_is_refused_with_the_id_in_the_message()
    {
        var decoder = Olmo.CreateIncrementalDecoder();
        var error = Assert.Throws<MariaInputException>(() => decoder.Append(60000));
        Assert.Contains("60000", error.Message);
        Assert.Throws<MariaInputException>(() => Olmo.Decode([5, -1]));
    }
}
