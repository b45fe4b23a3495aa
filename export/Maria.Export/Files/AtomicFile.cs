namespace Maria.Export.Files;

/// <summary>
/// The tree's one way to replace a file (design.md, "Output files"): the content goes to a temporary beside the target
/// (same folder, so the rename never crosses file systems), which is renamed over the target only when complete. A
/// reader never sees half a file; a failed or cancelled write leaves the previous file as it was and no temporary.
/// Several files that belong together use <see cref="AtomicFileGroup"/>; a long job's output that must survive a kill
/// and be resumed uses <see cref="PartialFile"/>. Both rename through <see cref="Replace"/>.
/// </summary>
/// <remarks>
/// Whole-file writes are not forced to disk before the rename (a crash of the process cannot expose half a file; a
/// power cut is left to the file system, as before); <see cref="PartialFile.Complete"/> forces its file to disk
/// because its job may have run for hours.
/// </remarks>
public static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="write"/> with a temporary path (for writers that take a path: plots, TorchSharp, text
    /// files), then renames it over <paramref name="path"/>. The folder must exist unless <paramref name="createFolder"/>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist and <paramref name="createFolder"/> is false.</exception>
    public static void Write(string path, Action<string> write, bool createFolder = false)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var group = new AtomicFileGroup(createFolder);
        write(group.Reserve(path));
        group.Commit();
    }

    /// <summary>Writes a stream's content the same way (<paramref name="bufferSize"/> bytes of buffering).</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist and <paramref name="createFolder"/> is false.</exception>
    public static void WriteStream(string path, Action<Stream> write, bool createFolder = false, int bufferSize = 4096)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var group = new AtomicFileGroup(createFolder);
        write(group.Create(path, bufferSize));
        group.Commit();
    }

    /// <summary>Writes <paramref name="bytes"/> as the whole file the same way.</summary>
    public static void WriteBytes(string path, ReadOnlySpan<byte> bytes, bool createFolder = false)
    {
        using var group = new AtomicFileGroup(createFolder);
        group.Create(path).Write(bytes);
        group.Commit();
    }

    /// <summary>The temporary name for <paramref name="fullPath"/>: <c>.NAME.GUID.tmp.EXT</c> in the same folder (hidden, unique, and ending in the real extension for writers that choose the format by it).</summary>
    public static string TemporaryPath(string fullPath) => Path.Combine(Path.GetDirectoryName(fullPath)!,
        $".{Path.GetFileNameWithoutExtension(fullPath)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(fullPath)}");

    /// <summary>The one rename: moves the complete <paramref name="temporary"/> over <paramref name="target"/> (atomic within a folder).</summary>
    internal static void Replace(string temporary, string target) => File.Move(temporary, target, overwrite: true);

    /// <summary>The full path of <paramref name="path"/>, its folder created or checked.</summary>
    internal static string Prepare(string path, bool createFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        if (createFolder)
        {
            Directory.CreateDirectory(folder);
        }
        else if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{path}: the folder {folder} does not exist; create it or write elsewhere");
        }
        return full;
    }
}
