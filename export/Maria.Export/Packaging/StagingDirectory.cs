using Maria.Runtime;

namespace Maria.Export.Packaging;

/// <summary>
/// A hidden folder beside the destination that a package is written into and then renamed into place, so that a
/// failed or cancelled export never leaves a half-written package under the destination name. Disposing without
/// <see cref="Commit"/> deletes it.
/// </summary>
internal sealed class StagingDirectory : IDisposable
{
    private readonly string _destination;
    private bool _committed;

    private StagingDirectory(string destination, string path)
    {
        _destination = destination;
        Path = path;
    }

    /// <summary>The folder to write into.</summary>
    public string Path { get; }

    /// <summary>Refuses a destination that holds files (unless <paramref name="overwrite"/>) and creates the staging folder.</summary>
    public static StagingDirectory Create(string destination, bool overwrite)
    {
        string full = System.IO.Path.GetFullPath(destination.TrimEnd('/', '\\'));
        if (File.Exists(full))
        {
            throw new MariaInputException($"--output '{destination}' is a file; pass a folder name for the package");
        }
        if (!overwrite && Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            throw new MariaInputException($"--output '{destination}' already exists and is not empty; choose another folder or pass --force to replace it");
        }
        string parent = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        string staging = System.IO.Path.Combine(parent, $".{System.IO.Path.GetFileName(full)}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        return new StagingDirectory(full, staging);
    }

    /// <summary>Moves the finished package to the destination, replacing what was there.</summary>
    public void Commit()
    {
        string? previous = null;
        if (Directory.Exists(_destination))
        {
            previous = $"{Path}.previous";
            Directory.Move(_destination, previous);
        }
        Directory.Move(Path, _destination);
        _committed = true;
        if (previous is not null)
        {
            Directory.Delete(previous, recursive: true);
        }
    }

    public void Dispose()
    {
        if (!_committed && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
