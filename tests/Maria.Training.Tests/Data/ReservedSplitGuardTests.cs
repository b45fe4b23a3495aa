using Maria.Runtime;
using Maria.Training.Data;

namespace Maria.Training.Tests.Data;

public class ReservedSplitGuardTests
{
    [Fact]
    public void The_real_reserved_file_is_refused()
    {
        string reserved = Path.Combine(RepositoryFiles.Root, "data", "sotu", "reserved", "test.jsonl");

        var error = Assert.Throws<MariaInputException>(() => SotuCorpus.ReadTexts(reserved, "--train"));

        Assert.Contains("--train", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_path_that_climbs_into_reserved_is_refused()
    {
        string sneaky = Path.Combine(RepositoryFiles.Root, "data", "sotu", "..", "sotu", "reserved", "..", "reserved", "test.jsonl");

        Assert.Throws<MariaInputException>(() => ReservedSplitGuard.EnsureNotReserved(sneaky, "--validation"));
    }

    [Fact]
    public void A_symbolic_link_to_a_reserved_file_is_refused()
    {
        string reserved = Path.Combine(RepositoryFiles.Root, "data", "sotu", "reserved", "test.jsonl");
        using var temporary = new TemporaryFolder();
        string link = Path.Combine(temporary.Path, "innocent.jsonl");
        File.CreateSymbolicLink(link, reserved);

        Assert.Throws<MariaInputException>(() => SotuCorpus.ReadTexts(link, "--train"));
    }

    [Fact]
    public void A_dangling_link_into_a_reserved_folder_is_refused()
    {
        using var temporary2 = new TemporaryFolder();
        string folder = temporary2.Path;
        string link = Path.Combine(folder, "later.jsonl");
        File.CreateSymbolicLink(link, Path.Combine(folder, "reserved", "not-yet-written.jsonl"));

        Assert.Throws<MariaInputException>(() => ReservedSplitGuard.EnsureNotReserved(link, "--train"));
    }

    [Fact]
    public void Ordinary_paths_pass()
    {
        ReservedSplitGuard.EnsureNotReserved(Path.Combine(RepositoryFiles.Root, "data", "sotu", "train.jsonl"), "--train");
        using var temporary3 = new TemporaryFolder();
        ReservedSplitGuard.EnsureNotReserved(Path.Combine(temporary3.Path, "reserved-looking-name.jsonl"), "--train");
    }

    [Fact]
    public void The_training_split_is_read()
    {
        var texts = SotuCorpus.ReadTexts(RepositoryFiles.Corpus("train.jsonl"), "--train");

        Assert.True(texts.Count > 100, $"expected the training addresses, got {texts.Count}");
        Assert.All(texts, t => Assert.False(string.IsNullOrWhiteSpace(t)));
    }

    [Fact]
    public void A_line_without_text_names_the_file_and_line()
    {
        using var temporary4 = new TemporaryFolder();
        string path = Path.Combine(temporary4.Path, "bad.jsonl");
        File.WriteAllLines(path, ["{\"text\":\"fine\"}", "{\"year\":1800}"]);

        var error = Assert.Throws<MariaInputException>(() => SotuCorpus.ReadTexts(path, "--train"));

        Assert.Contains("bad.jsonl:2", error.Message, StringComparison.Ordinal);
    }
}
