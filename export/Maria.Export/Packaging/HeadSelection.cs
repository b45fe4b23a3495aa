using Maria.Export.Checkpoints;
using Maria.Export.Head;
using Maria.Runtime;

namespace Maria.Export.Packaging;

/// <summary>
/// Chooses the MARIA head of a package: the trained head in --head, or the head recovered from another package's
/// decoder with --head-from, else the product-of-experts initialisation from the two checkpoints (maria-method.md §3).
/// The head describes itself for the manifest (kind, sizes, source file and hash, training facts). The caller disposes it.
/// </summary>
internal static class HeadSelection
{
    /// <summary>Refuses --head together with --head-from before anything is opened.</summary>
    public static void CheckOneSource(PackageExportOptions options)
    {
        if (options.HeadPath is not null && options.HeadPackage is not null)
        {
            throw new MariaInputException(
                $"--head '{options.HeadPath}' and --head-from '{options.HeadPackage}' both give a head; pass one: --head FILE for a head file, --head-from PACKAGE to recover the head baked into a package");
        }
    }

    public static MariaHead Create(PackageExportOptions options, HuggingFaceCheckpoint maskedModel, HuggingFaceCheckpoint causalModel,
        int sharedSize, IProgress<string>? progress)
    {
        if (options.HeadPackage is { } package)
        {
            progress?.Report($"head: recovering from {package}");
            var head = PackageHeadReader.Read(package, progress);
            RequireShape(head, package, sharedSize, causalModel.Config.HiddenSize, maskedModel.Config.HiddenSize);
            return head;
        }

        if (options.HeadPath is not { } headPath)
        {
            progress?.Report($"head: product of experts over {sharedSize} shared ids (no --head given)");
            return MariaHead.ProductOfExperts(causalModel, maskedModel, sharedSize);
        }

        progress?.Report($"head: trained, from {headPath}");
        return MariaHead.FromSafetensors(headPath, sharedSize, causalModel.Config.HiddenSize, maskedModel.Config.HiddenSize);
    }

    /// <summary>A recovered head fits only an export with the same V_s, d_ar and d_mlm.</summary>
    private static void RequireShape(MariaHead head, string package, int sharedSize, int arHidden, int mlmHidden)
    {
        if (head.SharedVocabularySize != sharedSize || head.ArHiddenSize != arHidden || head.MlmHiddenSize != mlmHidden)
        {
            head.Dispose();
            throw new MariaInputException(
                $"--head-from '{package}': its head is [{head.SharedVocabularySize}, {head.ArHiddenSize} + {head.MlmHiddenSize}] but this export needs [V_s, d_ar + d_mlm] = [{sharedSize}, {arHidden} + {mlmHidden}]; recover a head only into an export of the model pair it was trained for");
        }
    }
}
