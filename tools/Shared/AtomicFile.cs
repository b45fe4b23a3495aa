namespace Maria.Tools.Common;

/// <summary>
/// The tools' one way to write an output file (design.md): under a temporary name beside it (same folder, so the
/// rename cannot cross file systems; hidden, and ending in the real extension for writers that choose the format by
/// it), renamed over the target when complete. A reader never sees half a file, a failed or cancelled run leaves the
/// previous file in place and no temporary behind.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="write"/> with the temporary path, then moves it over <paramref name="path"/>. The folder
    /// must exist unless <paramref name="createFolder"/>.
    /// </summary>
    public static void Write(string path, Action<string> write, bool createFolder = false)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        if (createFolder)
        {
            Directory.CreateDirectory(folder);
        }
        else if (!Directory.Exists(folder))
        {
            throw new UsageException($"{path}: the folder {folder} does not exist; create it or write elsewhere");
        }
        string temporary = TemporaryPath(full);
        try
        {
            write(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Writes a stream's content the same way.</summary>
    public static void WriteStream(string path, Action<Stream> write, bool createFolder = false) => Write(path, temporary =>
    {
        using var stream = File.Create(temporary);
        write(stream);
    }, createFolder);

    /// <summary>The temporary name of <paramref name="fullPath"/>: <c>.NAME.GUID.tmp.EXT</c> in the same folder.</summary>
    public static string TemporaryPath(string fullPath) => Path.Combine(Path.GetDirectoryName(fullPath)!,
        $".{Path.GetFileNameWithoutExtension(fullPath)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(fullPath)}");
}
