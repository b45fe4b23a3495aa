using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Maria.Runtime.Tokenization;

namespace Maria.Runtime.Tests.Tokenization;

public sealed class PreTokenizerTests
{
    [Theory]
    [InlineData("Removed", new[] { "a", "b", "c" })]
    [InlineData("Isolated", new[] { "a", "-", "b", "-", "-", "c" })]
    [InlineData("MergedWithPrevious", new[] { "a-", "b-", "-", "c" })]
    [InlineData("MergedWithNext", new[] { "a", "-b", "-", "-c" })]
    [InlineData("Contiguous", new[] { "a", "-", "b", "--", "c" })]
    public void Split_behaviours_treat_the_matches_as_hugging_face_documents(string behavior, string[] expected)
    {
        Assert.Equal(expected, SplitText(new Regex("-"), Enum.Parse<SplitBehavior>(behavior), invert: false, "a-b--c"));
    }

    [Fact]
    public void Inverting_a_split_treats_the_text_between_matches_as_the_delimiters()
    {
        Assert.Equal(["-", "--"], SplitText(new Regex("-+"), SplitBehavior.Removed, invert: true, "a-b--c"));
    }

    [Theory]
    [InlineData("a𝐁c d", new[] { "a𝐁c", " d" })]
    [InlineData("x😀😀y", new[] { "x", "😀😀", "y" })]
    [InlineData("n𝟘𝟙 2", new[] { "n", "𝟘𝟙", " 2" })]
    public void Characters_outside_the_basic_plane_are_classed_as_whole_characters_by_the_gpt2_pattern(string text, string[] expected)
    {
        Assert.Equal(expected, SplitText(ByteLevelAlphabet.Gpt2SplitRegex, SplitBehavior.Isolated, invert: false, text));
    }

    [Fact]
    public void Sequence_of_split_and_byte_level_without_regex_encodes_like_byte_level_with_regex()
    {
        var json = JsonNode.Parse(File.ReadAllText(TokenizerTestFiles.OlmoTokenizerPath))!.AsObject();
        json["pre_tokenizer"] = new JsonObject
        {
            ["type"] = "Sequence",
            ["pretokenizers"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "Split",
                    ["pattern"] = new JsonObject { ["Regex"] = ByteLevelAlphabet.Gpt2SplitPattern },
                    ["behavior"] = "Isolated",
                    ["invert"] = false,
                },
                new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = false }),
        };
        var sequence = HuggingFaceTokenizer.FromJson(json.ToJsonString(), "olmo-with-split.json");
        const string text = "We the People of the United States,\n\n  in Order to form a more perfect Union — it’s 1787!";
        Assert.Equal(TokenizerTestFiles.Olmo.Encode(text), sequence.Encode(text));
    }

    [Fact]
    public void Add_prefix_space_makes_a_leading_word_encode_like_its_spaced_form_with_the_span_on_the_word()
    {
        var json = TinyTokenizerJson.Create();
        json["pre_tokenizer"]!["add_prefix_space"] = true;
        var tokenizer = TinyTokenizerJson.Load(json);

        Assert.Equal([260, 259], tokenizer.Encode("hello"));
        var tokens = tokenizer.EncodeWithOffsets("hello");
        Assert.Equal((0, 2), (tokens[0].Start, tokens[0].Length));
        Assert.Equal((2, 3), (tokens[1].Start, tokens[1].Length));
    }

    [Fact]
    public void Without_the_regex_byte_level_keeps_the_whole_text_as_one_word()
    {
        var json = TinyTokenizerJson.Create();
        json["pre_tokenizer"]!["use_regex"] = false;
        // With the regex, "ho" and " he" are separate words: h, o | Ġhe. As one word, "oĠ" (ranked first) forms.
        // (A single printable ASCII byte's id is its byte value in the tiny vocabulary.)
        Assert.Equal(['h', 'o', 260], TinyTokenizerJson.Load(TinyTokenizerJson.Create()).Encode("ho he"));
        Assert.Equal(['h', 261, 257], TinyTokenizerJson.Load(json).Encode("ho he"));
    }

    private static List<string> SplitText(Regex pattern, SplitBehavior behavior, bool invert, string text)
    {
        var ranges = new List<TextRange> { new(0, text.Length) };
        RegexSplitter.SplitAll(pattern, behavior, invert, text, ranges);
        return ranges.Select(r => text.Substring(r.Start, r.Length)).ToList();
    }
}
