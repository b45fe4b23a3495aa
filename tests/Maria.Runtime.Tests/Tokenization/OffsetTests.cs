using System.Text;
using Maria.Runtime.Tokenization;

namespace Maria.Runtime.Tests.Tokenization;

public sealed class OffsetTests
{
    private static HuggingFaceTokenizer Olmo => TokenizerTestFiles.Olmo;

    [Fact]
    public void Ascii_tokens_cover_their_words_with_the_leading_space()
    {
        const string text = "Hello world, again";
        var tokens = Olmo.EncodeWithOffsets(text);

        Assert.Equal(["Hello", " world", ",", " again"], tokens.Select(t => text.Substring(t.Start, t.Length)));
        Assert.Equal(["Hello", "Ġworld", ",", "Ġagain"], tokens.Select(t => t.Token));
        Assert.Equal(Olmo.Encode(text), tokens.Select(t => t.Id));
    }

    [Fact]
    public void A_whitespace_run_token_covers_the_spaces()
    {
        const string text = "Hi   Hello";
        var tokens = Olmo.EncodeWithOffsets(text);
        Assert.Equal(["Hi", "   ", "Hello"], tokens.Select(t => text.Substring(t.Start, t.Length)));
    }

    [Fact]
    public void A_character_split_over_two_tokens_belongs_to_the_token_holding_its_last_byte()
    {
        const string text = "生活的真谛是";
        var tokens = Olmo.EncodeWithOffsets(text);

        Assert.Equal(["生", "活", "的", "真", "", "谛", "是"], tokens.Select(t => text.Substring(t.Start, t.Length)));
        Assert.Equal(4, tokens[4].Start);
    }

    [Theory]
    [InlineData("Hello world, again")]
    [InlineData("生活的真谛是")]
    [InlineData("It’s 🎉 naïve — 𝐁old 𠀀!")]
    [InlineData("Paris\n\n  is   <|endoftext|> here\t ok")]
    public void Spans_tile_the_text_and_each_prefix_of_spans_is_the_decoded_prefix(string text)
    {
        var tokens = Olmo.EncodeWithOffsets(text);
        var ids = tokens.Select(t => t.Id).ToList();

        int expectedStart = 0;
        for (int k = 0; k < tokens.Count; k++)
        {
            Assert.Equal(expectedStart, tokens[k].Start);
            expectedStart += tokens[k].Length;
            // The text covered so far is exactly the complete characters decoded from the first k + 1 ids.
            byte[] bytes = ids.Take(k + 1).SelectMany(Olmo.GetTokenBytes).ToArray();
            Assert.Equal(CompletePrefix(bytes), text[..expectedStart]);
        }
        Assert.Equal(text.Length, expectedStart);
    }

    private static string CompletePrefix(byte[] utf8)
    {
        int end = utf8.Length;
        // Drop an unfinished trailing sequence: continuation bytes and the lead byte they belong to.
        int back = end;
        while (back > 0 && (utf8[back - 1] & 0xC0) == 0x80)
        {
            back--;
        }
        if (back > 0 && utf8[back - 1] >= 0xC0)
        {
            int lead = utf8[back - 1];
            int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            if (end - (back - 1) < needed)
            {
                end = back - 1;
            }
        }
        return Encoding.UTF8.GetString(utf8, 0, end);
    }
}
