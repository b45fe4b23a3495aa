using Maria.Export.Files;

namespace Maria.Export.Tests.Files;

/// <summary>PartialFile: a long job's output lives as FILE.partial until complete, and survives for a resume until then.</summary>
public sealed class PartialFileTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Complete_renames_the_partial_file_over_the_target()
    {
        string target = folder.File("out.jsonl");
        File.WriteAllText(target, "an older complete run\n");

        using (var partial = PartialFile.Open(target))
        {
            Assert.Equal(target + ".partial", partial.Path);
            partial.Stream.Write("record 1\n"u8);
            partial.Complete();
        }

        Assert.Equal("record 1\n", File.ReadAllText(target));
        Assert.False(File.Exists(target + ".partial"));
    }

    [Fact]
    public void Closing_without_completing_keeps_the_partial_file_and_does_not_touch_the_target()
    {
        string target = folder.File("out.txt");

        using (var partial = PartialFile.Open(target))
        {
            partial.Stream.Write("line 1\nline 2\n"u8);
        }

        Assert.False(File.Exists(target));
        Assert.Equal("line 1\nline 2\n", File.ReadAllText(target + ".partial"));
    }

    [Fact]
    public void Opening_again_keeps_what_an_earlier_run_wrote_for_its_user_to_resume_from()
    {
        string target = folder.File("out.txt");
        File.WriteAllText(PartialFile.PathOf(target), "done\nhalf");

        using var partial = PartialFile.Open(target);

        Assert.Equal(0, partial.Stream.Position);
        Assert.Equal(9, partial.Stream.Length);
    }
}
