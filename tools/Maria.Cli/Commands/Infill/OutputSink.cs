using System.Text;

namespace Maria.Cli.Commands.Infill;

/// <summary>
/// Where records go: standard output, or a file written as <c>FILE.partial</c> (flushed after every record) and
/// renamed to FILE when the batch completes, so a reader never sees half a result file. With resume, an existing
/// .partial file is kept and its complete lines are counted as done records.
/// </summary>
internal sealed class OutputSink : IDisposable
{
    private readonly string? finalPath;
    private readonly string? partialPath;
    private readonly StreamWriter? file;

    private OutputSink(TextWriter writer, string? finalPath, string? partialPath, StreamWriter? file, int completed)
    {
        Writer = writer;
        this.finalPath = finalPath;
        this.partialPath = partialPath;
        this.file = file;
        CompletedRecords = completed;
    }

    public TextWriter Writer { get; }

    /// <summary>Records already in the .partial file (resume); 0 otherwise.</summary>
    public int CompletedRecords { get; }

    public static OutputSink Open(string? path, TextWriter standardOutput, bool resume)
    {
        if (path is null or "-")
        {
            return new OutputSink(standardOutput, null, null, null, 0);
        }
        string partial = path + ".partial";
        int completed = 0;
        if (resume && File.Exists(partial))
        {
            // Keep whole lines only: a record cut by a crash is redone.
            string content = File.ReadAllText(partial);
            int lastNewline = content.LastIndexOf('\n');
            content = lastNewline < 0 ? "" : content[..(lastNewline + 1)];
            File.WriteAllText(partial, content);
            completed = content.Count(c => c == '\n');
        }
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new Maria.Runtime.MariaInputException($"{path}: the output folder does not exist; create it first");
        }
        var stream = new FileStream(partial, resume ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read);
        var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
        return new OutputSink(writer, path, partial, writer, completed);
    }

    /// <summary>Closes the file and renames it to its final name.</summary>
    public void Complete()
    {
        if (file is null)
        {
            Writer.Flush();
            return;
        }
        file.Dispose();
        File.Move(partialPath!, finalPath!, overwrite: true);
    }

    public void Dispose() => file?.Dispose();
}
