using System.Text.Json.Nodes;
using Maria.Runtime;
using Maria.Runtime.Tokenization;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Tokenize;

/// <summary>`maria tokenize --windows N --input FILE`: JSON lines of windows of exactly N tokens of the package tokenizer.</summary>
public sealed class TokenizeWindowsTests : IDisposable
{
    private const string Speech = "Mr. Speaker, Vice President Cheney, Members of Congress, fellow citizens: as a new Congress gathers, "
        + "all of us in the elected branches of Government share a great privilege. Café owners and naïve reformers alike "
        + "will find that the Nation's prosperity requires restraining the spending appetite of the Federal Government.";

    private readonly TemporaryFolder temporary = new();

    private string folder => temporary.Path;

    private static string TokenizerPath => Path.Combine(RepositoryFiles.Root, "models", "maria-tiny", "tokenizer.json");

    [Fact]
    public void Every_window_encodes_back_to_exactly_its_length_and_the_windows_follow_each_other_through_the_record()
    {
        string input = Write("""{"year": 2005, "text": "#"}""".Replace("#", Speech, StringComparison.Ordinal), """{"id": "b", "text": "Too short."}""");
        var (code, stdout, stderr) = RunMaria("tokenize", "--tokenizer", TokenizerPath, "--windows", "16", "--input", input);
        Assert.True(code == 0, stderr);

        var tokenizer = HuggingFaceTokenizer.Load(TokenizerPath);
        var all = tokenizer.Encode(Speech).ToArray();
        var records = Lines(stdout).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.True(records.Length >= 3, $"{records.Length} windows");
        Assert.Equal(records.Select((_, k) => $"2005-w{k}"), records.Select(r => r["id"]!.GetValue<string>()));
        int end = 0;
        foreach (var record in records)
        {
            Assert.Equal(["id", "text"], record.Select(p => p.Key));
            var ids = tokenizer.Encode(record["text"]!.GetValue<string>()).ToArray();
            Assert.Equal(16, ids.Length);
            // The window is the record's own tokens, at or after the previous window's end.
            int start = Enumerable.Range(end, all.Length - end - 15).First(s => all.AsSpan(s, 16).SequenceEqual(ids));
            end = start + 16;
        }
        Assert.Equal($"tokenize: {records.Length} windows of 16 tokens from {input}", Assert.Single(Lines(stderr)));
    }

    [Fact]
    public void A_window_never_holds_a_special_token()
    {
        string input = Write($$"""{"id": "m", "text": "{{Speech[..120]}} [MASK] {{Speech[120..]}}"}""");
        var (code, stdout, stderr) = RunMaria("tokenize", "--tokenizer", TokenizerPath, "--windows", "12", "--input", input);
        Assert.True(code == 0, stderr);
        var tokenizer = HuggingFaceTokenizer.Load(TokenizerPath);
        var texts = Lines(stdout).Select(l => JsonNode.Parse(l)!["text"]!.GetValue<string>()).ToArray();
        Assert.NotEmpty(texts);
        Assert.All(texts, text => Assert.DoesNotContain(tokenizer.Encode(text), tokenizer.IsSpecialToken));
    }

    [Theory]
    [InlineData(new[] { "--windows", "0", "--input", "IN" }, "--windows 0: give a window length of 1 or more")]
    [InlineData(new[] { "--windows", "8" }, "--windows and --input go together")]
    [InlineData(new[] { "--input", "IN" }, "--windows and --input go together")]
    [InlineData(new[] { "--windows", "8", "--input", "IN", "some text" }, "drop the TEXT")]
    [InlineData(new[] { "--windows", "8", "--input", "MISSING" }, "--input MISSING: no such file")]
    [InlineData(new string[0], "no TEXT given")]
    public void Bad_window_options_exit_1_with_one_error_line(string[] options, string expected)
    {
        string input = Write("""{"text": "Hello there."}""");
        string missing = Path.Combine(folder, "missing.jsonl");
        var arguments = options.Select(o => o == "IN" ? input : o == "MISSING" ? missing : o).ToArray();
        var (code, stdout, stderr) = RunMaria(["tokenize", "--tokenizer", TokenizerPath, .. arguments]);
        Assert.Equal(1, code);
        Assert.Empty(stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected.Replace("MISSING", missing, StringComparison.Ordinal), line, StringComparison.Ordinal);
    }

    public void Dispose() => temporary.Dispose();

    private string Write(params string[] lines)
    {
        string path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }
}
