using System.Text.Json.Nodes;
using Maria.Runtime.Tokenization;

namespace Maria.Runtime.Tests.Tokenization;

public sealed class TokenizerFormatTests
{
    [Fact]
    public void The_tiny_tokenizer_loads_and_applies_its_merges()
    {
        var tokenizer = TinyTokenizerJson.Load(TinyTokenizerJson.Create());
        Assert.Equal([260, 259], tokenizer.Encode(" hello"));
        Assert.Equal(" hello", tokenizer.Decode([260, 259]));
    }

    [Theory]
    [InlineData("WordPiece")]
    [InlineData("Unigram")]
    [InlineData("WordLevel")]
    public void Model_types_other_than_BPE_are_refused_by_name(string type)
    {
        var json = TinyTokenizerJson.Create();
        json["model"]!["type"] = type;
        var error = Assert.Throws<TokenizerFormatException>(() => TinyTokenizerJson.Load(json));
        Assert.Contains($"'{type}'", error.Message);
        Assert.Contains("tiny.json", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_merge_whose_result_is_not_in_the_vocabulary_is_refused_naming_it()
    {
        var json = TinyTokenizerJson.Create();
        ((JsonArray)json["model"]!["merges"]!).Add("l o");
        var error = Assert.Throws<TokenizerFormatException>(() => TinyTokenizerJson.Load(json));
        Assert.Contains("\"lo\"", error.Message);
        Assert.Contains("merge 6", error.Message);
    }

    [Fact]
    public void An_unknown_pre_tokenizer_is_refused_by_name()
    {
        var json = TinyTokenizerJson.Create();
        json["pre_tokenizer"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁" };
        var error = Assert.Throws<TokenizerFormatException>(() => TinyTokenizerJson.Load(json));
        Assert.Contains("'Metaspace'", error.Message);
        Assert.Contains("pre_tokenizer", error.Message);
    }

    [Fact]
    public void An_unknown_pre_tokenizer_inside_a_sequence_is_refused_by_name()
    {
        var json = TinyTokenizerJson.Create();
        json["pre_tokenizer"] = new JsonObject
        {
            ["type"] = "Sequence",
            ["pretokenizers"] = new JsonArray(new JsonObject { ["type"] = "Digits" }, new JsonObject { ["type"] = "ByteLevel" }),
        };
        var error = Assert.Throws<TokenizerFormatException>(() => TinyTokenizerJson.Load(json));
        Assert.Contains("'Digits'", error.Message);
    }

    [Theory]
    [InlineData("normalizer", "Lowercase")]
    [InlineData("decoder", "WordPiece")]
    [InlineData("post_processor", "BertProcessing")]
    public void Unsupported_normalizers_decoders_and_post_processors_are_refused_by_name(string section, string type)
    {
        var json = TinyTokenizerJson.Create();
        json[section] = new JsonObject { ["type"] = type };
        var error = Assert.Throws<TokenizerFormatException>(() => TinyTokenizerJson.Load(json));
        Assert.Contains($"'{type}'", error.Message);
        Assert.Contains(section, error.Message);
    }

    [Fact]
    public void A_byte_level_pre_tokenizer_is_required()
    {
        var json = TinyTokenizerJson.Create();
        json["pre_tokenizer"] = null;
        var error = Assert.Throws<TokenizerFormatException>(() => TinyTokenizerJson.Load(json));
        Assert.Contains("ByteLevel", error.Message);
    }

    [Fact]
    public void Invalid_json_is_refused_with_the_source_name_and_position()
    {
        var error = Assert.Throws<TokenizerFormatException>(() => HuggingFaceTokenizer.FromJson("{\"model\": {", "broken.json"));
        Assert.Contains("broken.json", error.Message);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void A_malformed_merge_is_refused_with_its_index()
    {
        var json = TinyTokenizerJson.Create();
        json["model"]!["merges"]!.AsArray().Add("nospace");
        var error = Assert.Throws<TokenizerFormatException>(() => TinyTokenizerJson.Load(json));
        Assert.Contains("merges[6]", error.Message);
    }

    [Fact]
    public void Merges_written_as_pairs_load_like_merges_written_as_strings()
    {
        var json = TinyTokenizerJson.Create();
        json["model"]!["merges"] = new JsonArray(
            new JsonArray("o", "Ġ"), new JsonArray("Ġ", "h"), new JsonArray("h", "e"), new JsonArray("l", "l"), new JsonArray("ll", "o"), new JsonArray("Ġh", "e"));
        Assert.Equal([260, 259], TinyTokenizerJson.Load(json).Encode(" hello"));
    }

    [Fact]
    public void A_missing_file_raises_file_not_found_naming_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json");
        var error = Assert.Throws<FileNotFoundException>(() => HuggingFaceTokenizer.Load(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_template_naming_an_unknown_special_token_is_refused()
    {
        var json = TinyTokenizerJson.Create();
        json["post_processor"] = new JsonObject { ["type"] = "TemplateProcessing", ["single"] = "[CLS] $A", ["special_tokens"] = new JsonObject() };
        var error = Assert.Throws<TokenizerFormatException>(() => TinyTokenizerJson.Load(json));
        Assert.Contains("[CLS]", error.Message);
    }
}
