using Maria.Export.Packaging;

namespace Maria.Cli.Tests.Infill;

/// <summary>One tiny exported package shared by the infill command tests.</summary>
public sealed class InfillPackageFixture : IDisposable
{
    private readonly TinyPackageSources sources = new();

    public InfillPackageFixture()
    {
        PackageExporter.Export(new PackageExportOptions(sources.MaskedModel, sources.CausalModel, sources.Output));
    }

    public string Package => sources.Output;

    public string File(string name) => Path.Combine(sources.Root, name);

    public void Dispose() => sources.Dispose();
}
