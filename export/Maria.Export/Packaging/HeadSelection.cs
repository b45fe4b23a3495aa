using Maria.Export.Checkpoints;
using Maria.Export.Head;
using Maria.Runtime.Packaging;

namespace Maria.Export.Packaging;

/// <summary>
/// Chooses the MARIA head of a package: the trained head in --head, else the product-of-experts initialisation from
/// the two checkpoints (maria-method.md §3), and describes it for the manifest (kind, sizes, source file and hash,
/// and the training facts the trainer wrote into the head file's safetensors metadata).
/// </summary>
internal static class HeadSelection
{
    public static (MariaHead Head, HeadManifest Manifest) Create(string? headPath, HuggingFaceCheckpoint maskedModel,
        HuggingFaceCheckpoint causalModel, int sharedSize, IProgress<string>? progress)
    {
        int arHidden = causalModel.Config.HiddenSize;
        int mlmHidden = maskedModel.Config.HiddenSize;
        var manifest = new HeadManifest
        {
            Kind = headPath is null ? HeadManifest.ProductOfExperts : HeadManifest.Trained,
            InFeatures = arHidden + mlmHidden,
            OutFeatures = sharedSize,
        };
        if (headPath is null)
        {
            progress?.Report($"head: product of experts over {sharedSize} shared ids (no --head given)");
            return (ProductOfExperts(causalModel, maskedModel, sharedSize), manifest);
        }
        progress?.Report($"head: trained, from {headPath}");
        var head = FromSafetensors(headPath, sharedSize, arHidden, mlmHidden);
        using var file = SafetensorsFile.Open(headPath);
        var training = file.Metadata.Where(pair => pair.Key != "format").ToDictionary(pair => pair.Key, pair => pair.Value);
        return (head, manifest with
        {
            Source = new SourceFile(Path.GetFileName(headPath), PackageManifestReader.Sha256Of(headPath)),
            Training = training.Count == 0 ? null : training,
        });
    }

    // PENDING the decoder branch: these become MariaHead.ProductOfExperts / MariaHead.FromSafetensors.
    private static MariaHead ProductOfExperts(HuggingFaceCheckpoint causalModel, HuggingFaceCheckpoint maskedModel, int sharedSize) =>
        new(HeadManifest.ProductOfExperts, sharedSize, causalModel.Config.HiddenSize, maskedModel.Config.HiddenSize);

    private static MariaHead FromSafetensors(string path, int sharedSize, int arHidden, int mlmHidden) =>
        File.Exists(path) ? new(HeadManifest.Trained, sharedSize, arHidden, mlmHidden) : throw new FileNotFoundException($"head file '{path}' does not exist", path);
}
