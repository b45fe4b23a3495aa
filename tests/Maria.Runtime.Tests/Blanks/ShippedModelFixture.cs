namespace Maria.Runtime.Tests.Blanks;

/// <summary>The shipped models/maria-tiny, loaded once for the blank tests (blanks need a tokenizer with real words).</summary>
public sealed class ShippedModelFixture : IDisposable
{
    public MariaModel Model { get; } = MariaModel.Load(Path.Combine(RepositoryFiles.Root, "models", "maria-tiny"));

    public void Dispose() => Model.Dispose();
}
