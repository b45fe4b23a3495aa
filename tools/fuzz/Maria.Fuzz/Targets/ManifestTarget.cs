using System.Text;
using Maria.Runtime.Packaging;

namespace Maria.Fuzz.Targets;

/// <summary>A package's maria.json, parsed and validated.</summary>
internal sealed class ManifestTarget : IFuzzTarget
{
    public string Run(byte[] input) =>
        ParserContract.Check(() => PackageManifestReader.Parse(Encoding.UTF8.GetString(input), "maria.json"));
}
