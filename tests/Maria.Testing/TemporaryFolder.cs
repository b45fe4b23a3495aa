namespace Maria.Testing;

/// <summary>
/// A fresh folder under the system temp directory (maria-tests-GUID), deleted with its contents on dispose. The one
/// temporary-folder helper of the test projects.
/// </summary>
internal sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "maria-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path inside the folder (nothing is created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A test that failed while a file was still mapped must not hide its own failure; a leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: a test that made a file read-only keeps its own failure message.
        }
    }
}
