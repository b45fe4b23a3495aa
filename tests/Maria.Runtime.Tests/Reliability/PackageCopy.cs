using System.Text.Json.Nodes;

namespace Maria.Runtime.Tests.Reliability;

/// <summary>A private copy of the shipped models/maria-tiny package that a test may damage, deleted on dispose.</summary>
internal sealed class PackageCopy : IDisposable
{
    public PackageCopy()
    {
        Directory = Path.Combine(Path.GetTempPath(), "maria-package-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        foreach (string file in System.IO.Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "models", "maria-tiny")))
        {
            System.IO.File.Copy(file, Path.Combine(Directory, Path.GetFileName(file)));
        }
    }

    public string Directory { get; }

    public string File(string name) => Path.Combine(Directory, name);

    /// <summary>Rewrites maria.json after <paramref name="edit"/> (the manifest is not itself hashed).</summary>
    public void EditManifest(Action<JsonObject> edit)
    {
        var manifest = JsonNode.Parse(System.IO.File.ReadAllText(File("maria.json")))!.AsObject();
        edit(manifest);
        System.IO.File.WriteAllText(File("maria.json"), manifest.ToJsonString());
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A failed test must not hide its own failure behind a cleanup error.
        }
    }
}
