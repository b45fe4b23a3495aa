namespace Maria.Runtime.Tests.Engine;

/// <summary>
/// The test classes that run on the tiny package: it is exported and loaded once for all of them (not once per class),
/// and the classes run one after another, so the one loaded model never serves two tests at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TinyPackageCollection : ICollectionFixture<TinyPackageFixture>
{
    public const string Name = "tiny package";
}
