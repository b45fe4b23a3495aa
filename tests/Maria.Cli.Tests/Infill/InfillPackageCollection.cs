namespace Maria.Cli.Tests.Infill;

/// <summary>The command tests that run on the tiny package: exported once for all of them, not once per class.</summary>
[CollectionDefinition(Name)]
public sealed class InfillPackageCollection : ICollectionFixture<InfillPackageFixture>
{
    public const string Name = "infill package";
}
