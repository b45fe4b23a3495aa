using Maria.Export.Onnx;
using Maria.Runtime;
using Maria.Runtime.Packaging;

namespace Maria.Export.Head;

/// <summary>
/// Recovers the MARIA head baked into an existing package's decoder graph (<c>maria export --head-from PACKAGE</c>), for
/// packages whose head file was lost or never kept: W3 = [W_ar | W_mlm] [V_s, d_ar + d_mlm] and b3 [V_s] exactly as
/// the graph computes with them (see <see cref="DecoderHeadWeights"/>; an int8 head keeps its blocks, so re-exporting
/// at int8 writes the very same bytes; an int4 head is dequantised, and re-exporting it at the same symmetric int4
/// block size writes the same bytes again). The package is checked first: its manifest, and the size and sha256 of
/// decoder.onnx and of any external data file the graph uses. The head keeps the manifest's kind, source file and
/// training facts, and adds <see cref="RecoveredFromKey"/> and <see cref="RecoveredWeightsKey"/> to the training facts.
/// </summary>
public static class PackageHeadReader
{
    /// <summary>Training-facts key: sha256 of the decoder.onnx the head was read from.</summary>
    public const string RecoveredFromKey = "recovered_from_decoder_sha256";

    /// <summary>
    /// Training-facts key: how that decoder stored the head (<c>fp32</c>, <c>fp16</c>, <c>int8</c>, or an int4 format
    /// such as <c>int4-block64</c>): its values are the stored ones (int4 dequantised).
    /// </summary>
    public const string RecoveredWeightsKey = "recovered_from_weights";

    /// <summary>Reads the head of the package in <paramref name="packageDirectory"/>; bad input is a one-line <see cref="MariaInputException"/>.</summary>
    /// <param name="packageDirectory">A package folder (maria.json, decoder.onnx and its data file if any), of any format version.</param>
    /// <param name="progress">One line per step, or null.</param>
    public static MariaHead Read(string packageDirectory, IProgress<string>? progress = null)
    {
        var package = PackageHeadManifest.Read(packageDirectory);
        var head = package.Head;
        int mlmHidden = head.InFeatures - package.ArHiddenSize;
        if (head.OutFeatures <= 0 || mlmHidden != package.MlmHiddenSize)
        {
            throw new MariaInputException(
                $"{Path.Combine(packageDirectory, PackageManifestReader.FileName)}: head [{head.OutFeatures}, {head.InFeatures}] does not match d_ar {package.ArHiddenSize} + d_mlm {package.MlmHiddenSize}; the manifest is damaged, copy or re-export the package");
        }

        progress?.Report($"head: checking {Path.Combine(packageDirectory, package.DecoderFile)}");
        string decoderSha256 = CheckFile(package, package.DecoderFile);
        var graph = OnnxInitializerReader.Open(Path.Combine(packageDirectory, package.DecoderFile));
        foreach (string dataFile in graph.ExternalFiles())
        {
            CheckFile(package, Path.GetRelativePath(packageDirectory, dataFile).Replace('\\', '/'));
        }

        var parts = DecoderHeadWeights.Read(graph, head.OutFeatures, package.ArHiddenSize, mlmHidden);
        var training = new Dictionary<string, string>(head.Training ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [RecoveredFromKey] = decoderSha256,
            [RecoveredWeightsKey] = parts.Storage,
        };
        progress?.Report($"head: {head.Kind} [{head.OutFeatures}, {package.ArHiddenSize} + {mlmHidden}] recovered from {parts.Storage} weights");
        return MariaHead.FromParts(head.Kind, parts.ArPart, parts.MlmPart, parts.Bias, head.Source, training);
    }

    /// <summary>The file must be listed in the manifest with its size and sha256; returns the sha256.</summary>
    private static string CheckFile(PackageHeadManifest package, string name)
    {
        string path = Path.Combine(package.Directory, name);
        if (!package.Files.TryGetValue(name, out var entry))
        {
            throw new MariaInputException($"{package.Directory}: '{name}' is not listed in {PackageManifestReader.FileName}; the package is incomplete or was altered, copy or export it again");
        }

        if (!File.Exists(path))
        {
            throw new MariaInputException($"{package.Directory}: package file '{name}' is missing; the package is incomplete, copy or export it again");
        }

        long size = new FileInfo(path).Length;
        string sha256 = size == entry.Size ? PackageManifestReader.Sha256Of(path) : "";
        if (size != entry.Size || !string.Equals(sha256, entry.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new MariaInputException(
                $"{path}: {size} bytes, sha256 {(sha256.Length > 0 ? sha256 : "not computed")}, but the manifest says {entry.Size} bytes, sha256 {entry.Sha256}; the file is damaged or was replaced, copy or export the package again");
        }

        return sha256;
    }
}
