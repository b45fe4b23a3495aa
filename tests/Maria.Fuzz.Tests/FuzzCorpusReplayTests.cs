
namespace Maria.Fuzz.Tests;

/// <summary>
/// Every input in tools/fuzz/corpus (the seeds) and tools/fuzz/regressions (each crash or hang a campaign found,
/// named after what it broke) goes through its harness's own contract check (ParserContract: a result, or
/// MariaInputException with a one-line message; nothing else), exactly as under AFL, so a fixed parser stays fixed.
/// </summary>
public sealed class FuzzCorpusReplayTests
{
    // A hang guard, not a speed check: each input takes milliseconds; only a parser that never returns reaches it.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (string set in new[] { "corpus", "regressions" })
        {
            string root = Path.Combine(RepositoryFiles.Root, "tools", "fuzz", set);
            foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                string relative = Path.GetRelativePath(root, file);
                if (!relative.EndsWith(".md", StringComparison.Ordinal))
                {
                    data.Add(relative.Split(Path.DirectorySeparatorChar)[0], Path.Combine(set, relative));
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task The_input_keeps_its_parsers_contract(string target, string file)
    {
        byte[] input = File.ReadAllBytes(Path.Combine(RepositoryFiles.Root, "tools", "fuzz", file));

        string outcome = await Task.Run(() => FuzzTargets.Get(target).Run(input)).WaitAsync(HangGuard);

        Assert.Matches("^(accepted|refused: .+|infill (accepted|refused: .+); data (accepted|refused: .+))$", outcome);
    }

    [Fact]
    public void Every_target_has_seeds_and_every_regression_folder_names_a_target()
    {
        string corpus = Path.Combine(RepositoryFiles.Root, "tools", "fuzz", "corpus");
        Assert.Equal(FuzzTargets.Names.Order(StringComparer.Ordinal), Directory.GetDirectories(corpus).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        string regressions = Path.Combine(RepositoryFiles.Root, "tools", "fuzz", "regressions");
        Assert.All(Directory.GetDirectories(regressions).Select(Path.GetFileName), name => Assert.Contains(name, FuzzTargets.Names));
    }

    [Fact]
    public void The_seed_corpus_is_what_the_seed_command_derives_from_the_real_files()
    {
        string folder = Path.Combine(Path.GetTempPath(), "maria-fuzz-seeds-" + Guid.NewGuid().ToString("N"));
        try
        {
            SeedCorpus.Write(folder);
            string committed = Path.Combine(RepositoryFiles.Root, "tools", "fuzz", "corpus");
            var written = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(Directory.EnumerateFiles(committed, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(committed, f)).Order(StringComparer.Ordinal), written);
            Assert.All(written, name => Assert.True(File.ReadAllBytes(Path.Combine(folder, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(committed, name))), name));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
