using Maria.Export.Checkpoints;
using Maria.Export.Head;

namespace Maria.Export.Packaging;

/// <summary>
/// Chooses the MARIA head of a package: the trained head in --head, else the product-of-experts initialisation from
/// the two checkpoints (maria-method.md §3). The head describes itself for the manifest (kind, sizes, source file
/// and hash, training facts from the head file's metadata). The caller disposes it.
/// </summary>
internal static class HeadSelection
{
    public static MariaHead Create(string? headPath, HuggingFaceCheckpoint maskedModel, HuggingFaceCheckpoint causalModel,
        int sharedSize, IProgress<string>? progress)
    {
        if (headPath is null)
        {
            progress?.Report($"head: product of experts over {sharedSize} shared ids (no --head given)");
            return MariaHead.ProductOfExperts(causalModel, maskedModel, sharedSize);
        }
        progress?.Report($"head: trained, from {headPath}");
        return MariaHead.FromSafetensors(headPath, sharedSize, causalModel.Config.HiddenSize, maskedModel.Config.HiddenSize);
    }
}
