using Maria.Runtime;

namespace Maria.Training.Data;

/// <summary>
/// Keeps training, tuning and model selection away from the held-out addresses in <c>data/sotu/reserved/</c>
/// (2013 onwards). Every corpus reader in this project goes through <see cref="EnsureNotReserved"/>.
/// </summary>
internal static class ReservedSplitGuard
{
    /// <summary>The folder name that marks held-out data.</summary>
    public const string ReservedFolderName = "reserved";

    /// <summary>
    /// Throws when <paramref name="path"/> (a file or folder, relative or absolute, symbolic links resolved)
    /// lies in a folder named <c>reserved</c>.
    /// </summary>
    public static void EnsureNotReserved(string path, string optionName)
    {
        foreach (string candidate in new[] { Path.GetFullPath(path), ResolveLinks(path) })
        {
            string[] parts = candidate.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            // The last part is the file itself; only folders mark data as reserved.
            if (parts.SkipLast(1).Any(p => string.Equals(p, ReservedFolderName, StringComparison.OrdinalIgnoreCase))
                || string.Equals(parts.LastOrDefault(), ReservedFolderName, StringComparison.OrdinalIgnoreCase))
            {
                throw new MariaInputException(
                    $"{optionName} '{path}' is under data/sotu/reserved/, the held-out split that no training, tuning or "
                    + "model-selection code may read; pass data/sotu/train.jsonl or data/sotu/validation.jsonl instead");
            }
        }
    }

    private static string ResolveLinks(string path)
    {
        string full = Path.GetFullPath(path);
        // Resolve every linked folder on the way (data/sotu is a link in worktrees) and the file itself.
        string? directory = Path.GetDirectoryName(full);
        string resolvedDirectory = directory is null ? string.Empty : ResolveDirectory(directory);
        string combined = Path.Combine(resolvedDirectory, Path.GetFileName(full));
        var file = new FileInfo(combined);
        // Dangling links are followed too: the question is where the path points, not whether it exists yet.
        FileSystemInfo? target = file.LinkTarget is null ? null : file.ResolveLinkTarget(returnFinalTarget: true);
        return target?.FullName ?? combined;
    }

    private static string ResolveDirectory(string directory)
    {
        string? parent = Path.GetDirectoryName(directory);
        string resolvedParent = parent is null ? directory : ResolveDirectory(parent);
        string here = parent is null ? directory : Path.Combine(resolvedParent, Path.GetFileName(directory));
        if (Directory.Exists(here))
        {
            FileSystemInfo? target = new DirectoryInfo(here).ResolveLinkTarget(returnFinalTarget: true);
            if (target is not null)
            {
                return target.FullName;
            }
        }
        return here;
    }
}
