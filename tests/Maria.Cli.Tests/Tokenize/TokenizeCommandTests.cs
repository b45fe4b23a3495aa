using System.Text.Json;
using Maria.Cli;

namespace Maria.Cli.Tests.Tokenize;

public sealed class TokenizeCommandTests
{
    private static string OlmoTokenizerPath => RepositoryFiles.OlmoTokenizer;

    private static CliResult Run(params string[] args) => MariaCli.RunMaria(args);

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
    public void Json_output_is_one_object_with_the_OLMo_reference_ids(string text, int[] expected)
    {
        var (code, output, error) = Run("tokenize", "--tokenizer", OlmoTokenizerPath, "--json", text);

        Assert.True(code == 0, error);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(output);
        Assert.Equal(expected, json.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(expected.Length, json.RootElement.GetProperty("tokens").GetArrayLength());
    }

    [Fact]
    public void Json_tokens_are_the_vocabulary_strings()
    {
        var (_, output, _) = Run("tokenize", "--tokenizer", OlmoTokenizerPath, "--json", "Hi  Hello world");
        using var json = JsonDocument.Parse(output);
        Assert.Equal(["Hi", "  ", "Hello", "Ġworld"], json.RootElement.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Line_output_shows_one_id_and_readable_piece_per_token_with_partial_bytes_escaped()
    {
        var (code, output, _) = Run("tokenize", "--tokenizer", OlmoTokenizerPath, "真谛\n");

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["48561\t\"真\"", "33656\t\"\\xe8\\xb0\"", "238\t\"\\x9b\"", "187\t\"\\n\""], lines);
    }

    [Fact]
    public void A_missing_tokenizer_file_exits_1_with_one_line()
    {
        var (code, output, error) = Run("tokenize", "--tokenizer", Path.Combine(Path.GetTempPath(), "no-such-tokenizer.json"), "text");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("no-such-tokenizer.json", error);
    }

    [Fact]
    public void A_corrupt_tokenizer_file_exits_1_with_one_line()
    {
        string path = Path.Combine(Path.GetTempPath(), $"corrupt-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"model\": {\"type\": \"BPE\", \"vocab\": {");
        try
        {
            var (code, _, error) = Run("tokenize", "--tokenizer", path, "text");

            Assert.Equal(1, code);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("not valid JSON", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_unsupported_model_type_exits_1_naming_it()
    {
        string path = Path.Combine(Path.GetTempPath(), $"wordpiece-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}");
        try
        {
            var (code, _, error) = Run("tokenize", "--tokenizer", path, "text");
            Assert.Equal(1, code);
            Assert.Contains("'WordPiece'", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Special_applies_the_post_processor_template()
    {
        // The OLMo tokenizer with a template that appends <|endoftext|> (50279) after the text.
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(OlmoTokenizerPath))!.AsObject();
        root["post_processor"] = System.Text.Json.Nodes.JsonNode.Parse(
            "{\"type\": \"TemplateProcessing\", \"single\": \"$A:0 <|endoftext|>:0\", \"pair\": \"$A $B\", "
            + "\"special_tokens\": {\"<|endoftext|>\": {\"id\": \"<|endoftext|>\", \"ids\": [50279], \"tokens\": [\"<|endoftext|>\"]}}}");
        string path = Path.Combine(Path.GetTempPath(), $"olmo-eos-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, root.ToJsonString());
        try
        {
            var (_, plain, _) = Run("tokenize", "--tokenizer", path, "--json", "This is a test");
            var (code, special, error) = Run("tokenize", "--tokenizer", path, "--json", "--special", "This is a test");

            Assert.True(code == 0, error);
            Assert.Equal("{\"ids\":[1552,310,247,1071],\"tokens\":[\"This\",\"Ġis\",\"Ġa\",\"Ġtest\"]}", plain.Trim());
            Assert.Equal("{\"ids\":[1552,310,247,1071,50279],\"tokens\":[\"This\",\"Ġis\",\"Ġa\",\"Ġtest\",\"<|endoftext|>\"]}", special.Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_the_tokenizer_option_is_a_usage_error()
    {
        var (code, _, _) = Run("tokenize", "text");
        Assert.Equal(1, code);
    }
}
