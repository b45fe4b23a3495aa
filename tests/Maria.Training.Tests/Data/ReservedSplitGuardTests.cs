using Maria.Runtime;
using Maria.Training.Data;

namespace Maria.Training.Tests.Data;

public class ReservedSplitGuardTests
{
    [Fact]
    public void The_real_reserved_file_is_refused()
    {
        string reserved = Path.Combine(TestPaths.RepositoryRoot, "data", "sotu", "reserved", "test.jsonl");

        var error = Assert.Throws<MariaInputException>(() => SotuCorpus.ReadTexts(reserved, "--train"));

        Assert.Contains("--train", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_path_that_climbs_into_reserved_is_refused()
    {
        string sneaky = Path.Combine(TestPaths.RepositoryRoot, "data", "sotu", "..", "sotu", "reserved", "..", "reserved", "test.jsonl");

        Assert.Throws<MariaInputException>(() => ReservedSplitGuard.EnsureNotReserved(sneaky, "--validation"));
    }

    [Fact]
    public void A_symbolic_link_to_a_reserved_file_is_refused()
    {
        string reserved = Path.Combine(TestPaths.RepositoryRoot, "data", "sotu", "reserved", "test.jsonl");
        string link = Path.Combine(TestPaths.NewTemporaryFolder(), "innocent.jsonl");
        File.CreateSymbolicLink(link, reserved);

        Assert.Throws<MariaInputException>(() => SotuCorpus.ReadTexts(link, "--train"));
    }

    [Fact]
    public void A_dangling_link_into_a_reserved_folder_is_refused()
    {
        string folder = TestPaths.NewTemporaryFolder();
        string link = Path.Combine(folder, "later.jsonl");
        File.CreateSymbolicLink(link, Path.Combine(folder, "reserved", "not-yet-written.jsonl"));

        Assert.Throws<MariaInputException>(() => ReservedSplitGuard.EnsureNotReserved(link, "--train"));
    }

    [Fact]
    public void Ordinary_paths_pass()
    {
        ReservedSplitGuard.EnsureNotReserved(Path.Combine(TestPaths.RepositoryRoot, "data", "sotu", "train.jsonl"), "--train");
        ReservedSplitGuard.EnsureNotReserved(Path.Combine(TestPaths.NewTemporaryFolder(), "reserved-looking-name.jsonl"), "--train");
    }

    [Fact]
    public void The_training_split_is_read()
    {
        var texts = SotuCorpus.ReadTexts(TestPaths.Corpus("train.jsonl"), "--train");

        Assert.True(texts.Count > 100, $"expected the training addresses, got {texts.Count}");
        Assert.All(texts, t => Assert.False(string.IsNullOrWhiteSpace(t)));
    }

    [Fact]
    public void A_line_without_text_names_the_file_and_line()
    {
        string path = Path.Combine(TestPaths.NewTemporaryFolder(), "bad.jsonl");
        File.WriteAllLines(path, ["{\"text\":\"fine\"}", "{\"year\":1800}"]);

        var error = Assert.Throws<MariaInputException>(() => SotuCorpus.ReadTexts(path, "--train"));

        Assert.Contains("bad.jsonl:2", error.Message, StringComparison.Ordinal);
    }
}
