namespace Maria.Export.Files;

/// <summary>
/// A long job's output written under the fixed name <c>FILE.partial</c> (so a rerun finds it and resumes) and renamed
/// to FILE by <see cref="Complete"/>, which forces it to disk first: a kill at any instant, the rename included,
/// leaves either the .partial file or the complete FILE. Disposing without completing keeps the .partial file for a
/// resume. What counts as the resumable part of the file is its user's business (see <see cref="Stream"/>).
/// </summary>
public sealed class PartialFile : IDisposable
{
    private PartialFile(string target, string path, FileStream stream)
    {
        TargetPath = target;
        Path = path;
        Stream = stream;
    }

    /// <summary>The final name.</summary>
    public string TargetPath { get; }

    /// <summary>The .partial file's path.</summary>
    public string Path { get; }

    /// <summary>The .partial file, open for reading and writing at its start (readers may share it); its user positions it, truncates or appends.</summary>
    public FileStream Stream { get; }

    /// <summary>The .partial name of <paramref name="target"/>: <c>TARGET.partial</c>.</summary>
    public static string PathOf(string target) => target + ".partial";

    /// <summary>Opens <c>TARGET.partial</c>, creating it empty when absent and keeping its content when present.</summary>
    /// <exception cref="IOException">The file cannot be created or opened (a read-only folder, a full disk).</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or file may not be written.</exception>
    public static PartialFile Open(string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        string path = PathOf(target);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        return new PartialFile(target, path, stream);
    }

    /// <summary>Forces the file to disk, closes it and renames it to <see cref="TargetPath"/> (replacing any file there).</summary>
    public void Complete()
    {
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        AtomicFile.Replace(Path, TargetPath);
    }

    /// <summary>Closes the file and keeps it for a resume (a no-op after <see cref="Complete"/>).</summary>
    public void Dispose() => Stream.Dispose();
}
