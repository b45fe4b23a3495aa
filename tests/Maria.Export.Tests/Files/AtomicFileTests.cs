using Maria.Export.Files;

namespace Maria.Export.Tests.Files;

/// <summary>AtomicFile: the target changes only by one rename of a complete temporary beside it.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_write_replaces_the_target_and_leaves_no_temporary()
    {
        string target = folder.File("report.json");
        File.WriteAllText(target, "old");

        AtomicFile.WriteStream(target, stream => stream.Write("new content"u8));

        Assert.Equal("new content", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Until_the_rename_the_target_keeps_its_old_content_and_the_new_one_is_in_a_hidden_temporary_beside_it()
    {
        // The instant a kill would hit: everything written, nothing renamed yet.
        string target = folder.File("plot.svg");
        File.WriteAllText(target, "old");
        string? seen = null;

        AtomicFile.Write(target, temporary =>
        {
            File.WriteAllText(temporary, "new");
            seen = temporary;
            Assert.Equal("old", File.ReadAllText(target));
            Assert.Equal(folder.Path, Path.GetDirectoryName(temporary));
            Assert.StartsWith(".plot.", Path.GetFileName(temporary), StringComparison.Ordinal);
            Assert.EndsWith(".tmp.svg", temporary, StringComparison.Ordinal);
        });

        Assert.NotNull(seen);
        Assert.False(File.Exists(seen));
        Assert.Equal("new", File.ReadAllText(target));
    }

    [Fact]
    public void An_exception_mid_write_leaves_the_target_untouched_and_removes_the_temporary()
    {
        string target = folder.File("model.safetensors");
        File.WriteAllBytes(target, [1, 2, 3]);

        var error = Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteStream(target, stream =>
        {
            stream.Write(new byte[10_000]);
            throw new InvalidOperationException("the data source failed");
        }));

        Assert.Equal("the data source failed", error.Message);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(target));
        Assert.Equal([target], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_failed_first_write_creates_no_file_at_all()
    {
        string target = folder.File("new.txt");

        Assert.Throws<IOException>(() => AtomicFile.Write(target, temporary =>
        {
            File.WriteAllText(temporary, "half");
            throw new IOException("disk full");
        }));

        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Bytes_are_written_as_the_whole_file()
    {
        string target = folder.File("data.bin");
        File.WriteAllBytes(target, new byte[100]);

        AtomicFile.WriteBytes(target, [7, 8]);

        Assert.Equal([7, 8], File.ReadAllBytes(target));
    }

    [Fact]
    public void A_missing_folder_is_named_in_one_line_unless_the_writer_may_create_it()
    {
        string target = Path.Combine(folder.Path, "absent", "out.txt");

        var error = Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.WriteBytes(target, [1]));
        Assert.Equal($"{target}: the folder {Path.Combine(folder.Path, "absent")} does not exist; create it or write elsewhere", error.Message);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "absent")));

        AtomicFile.WriteBytes(target, [1], createFolder: true);
        Assert.Equal([1], File.ReadAllBytes(target));
    }
}
