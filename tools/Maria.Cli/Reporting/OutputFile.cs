namespace Maria.Cli.Reporting;

/// <summary>
/// Writes an output file under a temporary name beside it and renames it when complete (design.md), so that a
/// reader never sees half a file and a failed run leaves the previous file in place.
/// </summary>
internal static class OutputFile
{
    /// <summary>Calls <paramref name="write"/> with a temporary path (same folder and extension), then moves it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new Runtime.MariaInputException($"{path}: the folder {folder} does not exist; create it or write elsewhere");
        }
        string temporary = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(full)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}");
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
    public static void WriteStream(string path, Action<Stream> write) => Write(path, temporary =>
    {
        using var stream = File.Create(temporary);
        write(stream);
    });
}
