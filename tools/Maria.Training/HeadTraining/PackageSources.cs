using Maria.Runtime;
using Maria.Runtime.Packaging;

namespace Maria.Training.HeadTraining;

/// <summary>
/// Checks that checkpoint folders are the ones a package was exported from (the manifest's provenance lists each
/// source file with its sha256), so the product-of-experts initialisation matches the package's graphs.
/// </summary>
internal static class PackageSources
{
    /// <summary>Throws a one-line error naming the first file that differs.</summary>
    public static void EnsureExportedFrom(PackageManifest manifest, string arCheckpoint, string mlmCheckpoint)
    {
        Check(manifest.Provenance.CausalModel, arCheckpoint, "--ar");
        Check(manifest.Provenance.MaskedModel, mlmCheckpoint, "--mlm");
    }

    private static void Check(IReadOnlyList<SourceFile> recorded, string folder, string option)
    {
        if (!Directory.Exists(folder))
        {
            throw new MariaInputException($"{option} '{folder}' is not a folder; pass the checkpoint folder the package was exported from");
        }
        foreach (var file in recorded)
        {
            string path = Path.Combine(folder, file.Name);
            if (!File.Exists(path) || PackageManifestReader.Sha256Of(path) != file.Sha256)
            {
                throw new MariaInputException(
                    $"{option} '{folder}': {file.Name} is missing or differs from the file the package was exported from (sha256 {file.Sha256[..12]}...); pass the same checkpoint folder, or --init random");
            }
        }
    }
}
