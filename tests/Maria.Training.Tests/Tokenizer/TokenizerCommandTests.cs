using System.Text.Json;

namespace Maria.Training.Tests.Tokenizer;

public class TokenizerCommandTests
{
    private static (int ExitCode, string Error) Run(params string[] args)
    {
        var result = TrainCli.Run(args);
        return (result.ExitCode, result.Stderr);
    }

    private static string WriteCorpus(string folder, params string[] texts)
    {
        string path = Path.Combine(folder, "train.jsonl");
        File.WriteAllLines(path, texts.Select(t => JsonSerializer.Serialize(new { year = 1900, name = "x", party = "y", text = t })));
        return path;
    }

    [Fact]
    public void Writes_both_files_with_the_requested_vocabulary_size()
    {
        using var temporary = new TemporaryFolder();
        string folder = temporary.Path;
        string corpus = WriteCorpus(folder, "the cat sat on the mat and the hat", "that cat, that hat: 1990 and 2001");

        var (code, error) = Run("tokenizer", "--data", corpus, "--vocab-size", "270",
            "--output-causal", Path.Combine(folder, "olmo", "tokenizer.json"), "--output-masked", Path.Combine(folder, "bert", "tokenizer.json"));

        Assert.True(code == 0, error);
        using var causal = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "olmo", "tokenizer.json")));
        using var masked = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "bert", "tokenizer.json")));
        Assert.Equal(270, causal.RootElement.GetProperty("model").GetProperty("vocab").EnumerateObject().Count());
        Assert.Equal(320, masked.RootElement.GetProperty("model").GetProperty("vocab").EnumerateObject().Count());
        Assert.Contains("bytes per token", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_the_reserved_split_with_a_one_line_message()
    {
        using var temporary2 = new TemporaryFolder();
        string folder = Path.Combine(temporary2.Path, "data", "sotu", "reserved");
        string corpus = WriteCorpus(Directory.CreateDirectory(folder).FullName, "held out text");

        var (code, error) = Run("tokenizer", "--data", corpus, "--output-causal", Path.Combine(folder, "a.json"), "--output-masked", Path.Combine(folder, "b.json"));

        Assert.Equal(1, code);
        Assert.StartsWith("error: --data", error, StringComparison.Ordinal);
        Assert.Contains("reserved", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(folder, "a.json")));
    }

    [Fact]
    public void Rejects_a_vocabulary_smaller_than_the_byte_alphabet()
    {
        using var temporary3 = new TemporaryFolder();
        string folder = temporary3.Path;
        string corpus = WriteCorpus(folder, "text");

        var (code, error) = Run("tokenizer", "--data", corpus, "--vocab-size", "100",
            "--output-causal", Path.Combine(folder, "a.json"), "--output-masked", Path.Combine(folder, "b.json"));

        Assert.Equal(1, code);
        Assert.Contains("--vocab-size 100", error, StringComparison.Ordinal);
    }
}
