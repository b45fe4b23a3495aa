using System.Globalization;
using System.Text;
using Maria.Runtime;

namespace Maria.Cli.Commands.Infill;

/// <summary>
/// Where records go: standard output, or a file written as <c>FILE.partial</c> (flushed after every record) and
/// renamed to FILE when the batch completes, so a reader never sees half a result file. With resume, the .partial
/// file's complete lines are kept as done records and a line cut by a crash is truncated away in place (one
/// ftruncate, so a kill during the resume itself loses nothing). A kill at any instant, the rename included, leaves
/// either the .partial file (resumable) or the complete FILE; docs/RELIABILITY.md has the kill test.
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
        if (Directory.Exists(path))
        {
            throw new MariaInputException($"--output {path}: is a folder; pass a file path such as {Path.Combine(path, "output.jsonl")}");
        }
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new MariaInputException($"{path}: the output folder does not exist; create it first");
        }
        string partial = path + ".partial";
        FileStream stream;
        try
        {
            stream = new FileStream(partial, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MariaInputException($"--output {path}: cannot create {partial} ({e.Message}); write to a folder you can write to");
        }
        int completed = 0;
        try
        {
            long keep = 0;
            if (resume)
            {
                (keep, completed) = WholeLines(stream);
            }
            stream.SetLength(keep);
            stream.Position = keep;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
        return new OutputSink(writer, path, partial, writer, completed);
    }

    /// <summary>
    /// The one-line error for a write that failed (a full disk, a folder gone read-only): the .partial file keeps its
    /// complete lines, so the same command with --resume continues once the cause is fixed.
    /// </summary>
    public MariaInputException WriteFailed(IOException e, int recordsWritten) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"--output {finalPath ?? "-"}: writing failed after {recordsWritten} records ({e.Message.ReplaceLineEndings(" ")}); free space or fix the folder, then rerun the same command with --resume to continue from {partialPath ?? "the start"}"), e);

    /// <summary>Closes the file, forces it to disk and renames it to its final name (rename is atomic).</summary>
    public void Complete()
    {
        if (file is null)
        {
            Writer.Flush();
            return;
        }
        file.Flush();
        ((FileStream)file.BaseStream).Flush(flushToDisk: true);
        file.Dispose();
        File.Move(partialPath!, finalPath!, overwrite: true);
    }

    public void Dispose()
    {
        try
        {
            file?.Dispose();
        }
        catch (IOException)
        {
            // The write already failed and was reported (WriteFailed); the .partial keeps its whole lines for --resume.
        }
    }

    /// <summary>The byte length of the file's complete lines and their count, scanned in 64 KiB blocks.</summary>
    private static (long Bytes, int Lines) WholeLines(FileStream stream)
    {
        var block = new byte[1 << 16];
        long offset = 0, lastLineEnd = 0;
        int lines = 0;
        int read;
        stream.Position = 0;
        while ((read = stream.Read(block, 0, block.Length)) > 0)
        {
            for (int i = 0; i < read; i++)
            {
                if (block[i] == (byte)'\n')
                {
                    lines++;
                    lastLineEnd = offset + i + 1;
                }
            }
            offset += read;
        }
        return (lastLineEnd, lines);
    }
}
