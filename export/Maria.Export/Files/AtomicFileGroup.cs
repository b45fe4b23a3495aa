namespace Maria.Export.Files;

/// <summary>
/// Files written together and put in place together (an ONNX model and its external data file; a single file of
/// <see cref="AtomicFile"/>): each is written under its temporary name, and <see cref="Commit"/> renames them in the
/// order they were created (so create a file that others refer to last: the data before the model). Disposing
/// without a commit, as an exception does, deletes every temporary and leaves the targets as they were.
/// </summary>
/// <remarks>
/// Each rename is atomic; the group as a whole is not (a kill between two renames leaves the earlier ones done). A
/// package's files are therefore also staged in a folder that is renamed into place whole.
/// </remarks>
public sealed class AtomicFileGroup : IDisposable
{
    private readonly bool createFolder;
    private readonly List<(string Temporary, string Target, Stream? Stream)> files = [];
    private bool committed;

    /// <summary>A group whose targets' folders must exist, or are created when <paramref name="createFolder"/>.</summary>
    public AtomicFileGroup(bool createFolder = false)
    {
        this.createFolder = createFolder;
    }

    /// <summary>Opens the temporary of <paramref name="path"/> for writing; the group closes it.</summary>
    /// <exception cref="DirectoryNotFoundException">The target's folder does not exist and the group does not create folders.</exception>
    public Stream Create(string path, int bufferSize = 4096)
    {
        string temporary = Add(path);
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize);
        files[^1] = files[^1] with { Stream = stream };
        return stream;
    }

    /// <summary>The temporary path of <paramref name="path"/>, for a writer that creates the file itself.</summary>
    /// <exception cref="DirectoryNotFoundException">The target's folder does not exist and the group does not create folders.</exception>
    public string Reserve(string path) => Add(path);

    /// <summary>Closes the streams and renames every temporary over its target, in creation order.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(committed, this);
        foreach (var file in files)
        {
            file.Stream?.Dispose();
        }
        foreach (var file in files)
        {
            AtomicFile.Replace(file.Temporary, file.Target);
        }
        committed = true;
    }

    /// <summary>Closes the streams and deletes the temporaries a commit has not renamed.</summary>
    public void Dispose()
    {
        foreach (var (temporary, _, stream) in files)
        {
            try
            {
                stream?.Dispose();
            }
            catch (IOException)
            {
                // Flushing into a full disk fails again; the temporary is deleted below either way.
            }
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
        files.Clear();
        committed = true;
    }

    private string Add(string path)
    {
        ObjectDisposedException.ThrowIf(committed, this);
        string target = AtomicFile.Prepare(path, createFolder);
        if (files.Any(file => file.Target == target))
        {
            throw new ArgumentException($"{path}: already in this group of files; give each file its own path", nameof(path));
        }
        string temporary = AtomicFile.TemporaryPath(target);
        files.Add((temporary, target, null));
        return temporary;
    }
}
