namespace Maria.Fuzz;

/// <summary>A per-process folder for the parsers that read paths (safetensors, JSONL): the input is written there first.</summary>
internal static class ScratchFiles
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"maria-fuzz-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    });

    public static string Path(string name) => System.IO.Path.Combine(Folder.Value, name);

    public static string Write(string name, byte[] bytes)
    {
        string path = Path(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
