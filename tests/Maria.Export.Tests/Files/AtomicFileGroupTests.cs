using Maria.Export.Files;

namespace Maria.Export.Tests.Files;

/// <summary>AtomicFileGroup: files that belong together (a model and its external data) are put in place together.</summary>
public sealed class AtomicFileGroupTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_commit_replaces_every_file_of_the_group_and_leaves_no_temporary()
    {
        var (model, data) = OldPair();

        using (var group = new AtomicFileGroup())
        {
            group.Create(data).Write("new data"u8);
            group.Create(model).Write("new model"u8);
            group.Commit();
        }

        Assert.Equal("new data", File.ReadAllText(data));
        Assert.Equal("new model", File.ReadAllText(model));
        Assert.Equal([model, data], Directory.GetFiles(folder.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_failure_after_the_first_file_leaves_both_targets_as_they_were_and_no_temporary()
    {
        var (model, data) = OldPair();

        Assert.Throws<InvalidOperationException>(() => WriteDataThenFail(model, data));

        Assert.Equal("old data", File.ReadAllText(data));
        Assert.Equal("old model", File.ReadAllText(model));
        Assert.Equal(2, Directory.GetFiles(folder.Path).Length);
    }

    [Fact]
    public void A_kill_before_the_commit_leaves_the_targets_intact_beside_hidden_temporaries()
    {
        // A killed process runs no finally block: the group is neither committed nor disposed.
        var (model, data) = OldPair();
        var group = new AtomicFileGroup();
        var stream = group.Create(data);
        stream.Write("new data"u8);
        stream.Flush();

        Assert.Equal("old data", File.ReadAllText(data));
        Assert.Equal("old model", File.ReadAllText(model));
        string stray = Assert.Single(Directory.GetFiles(folder.Path), f => f != model && f != data);
        Assert.StartsWith(".model.onnx.", Path.GetFileName(stray), StringComparison.Ordinal);
        group.Dispose();
        Assert.False(File.Exists(stray));
    }

    [Fact]
    public void The_same_target_twice_in_one_group_is_refused()
    {
        using var group = new AtomicFileGroup();
        group.Reserve(folder.File("a.onnx"));

        var error = Assert.Throws<ArgumentException>(() => group.Create(folder.File("a.onnx")));
        Assert.Contains("already in this group", error.Message, StringComparison.Ordinal);
    }

    private static void WriteDataThenFail(string model, string data)
    {
        using var group = new AtomicFileGroup();
        group.Create(data).Write("new data"u8);
        group.Create(model).Write("half a mod"u8);
        throw new InvalidOperationException("the graph failed to serialise");
    }

    private (string Model, string Data) OldPair()
    {
        string model = folder.File("model.onnx");
        string data = folder.File("model.onnx.data");
        File.WriteAllText(model, "old model");
        File.WriteAllText(data, "old data");
        return (model, data);
    }
}
