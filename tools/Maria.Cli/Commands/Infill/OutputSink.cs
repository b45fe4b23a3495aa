using System.Globalization;
using System.Text;
using Maria.Export.Files;
using Maria.Runtime;

namespace Maria.Cli.Commands.Infill;

/// <summary>
/// Where records go: standard output, or a file written as <c>FILE.partial</c> (flushed after every record) and
/// renamed to FILE when the batch completes, so a reader never sees half a result file. With resume, the .partial
/// file's complete lines are kept as done records and a line cut by a crash is truncated away in place (one
/// ftruncate, so a kill during the resume itself loses nothing). A kill at any instant, the rename included, leaves
/// either the .partial file (resumable) or the complete FILE (<see cref="PartialFile"/>); docs/RELIABILITY.md has the
/// kill test.
/// </summary>
internal sealed class OutputSink : IDisposable
{
    private readonly string? finalPath;
    private readonly PartialFile? partial;
    private readonly StreamWriter? file;
    private bool finished;

    private OutputSink(TextWriter writer, string? finalPath, PartialFile? partial, StreamWriter? file, int completed)
    {
        Writer = writer;
        this.finalPath = finalPath;
        this.partial = partial;
        this.file = file;
        CompletedRecords = completed;
    }

    public TextWriter Writer { get; }

    /// <summary>The .partial file's path; null for standard output.</summary>
    public string? PartialPath => partial?.Path;

    /// <summary>Lines already in the .partial file (resume); 0 otherwise.</summary>
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
        PartialFile partial;
        try
        {
            partial = PartialFile.Open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MariaInputException($"--output {path}: cannot create {PartialFile.PathOf(path)} ({e.Message}); write to a folder you can write to");
        }
        var stream = partial.Stream;
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
            partial.Dispose();
            throw;
        }
        var writer = new StreamWriter(stream, new UTF8Encoding(false), bufferSize: -1, leaveOpen: true) { NewLine = "\n" };
        return new OutputSink(writer, path, partial, writer, completed);
    }

    /// <summary>
    /// The one-line error for a write that failed (a full disk, a folder gone read-only): the .partial file keeps its
    /// complete lines, so the same command with --resume continues once the cause is fixed.
    /// </summary>
    public MariaInputException WriteFailed(IOException e, int recordsWritten) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"--output {finalPath ?? "-"}: writing failed after {recordsWritten} records ({e.Message.ReplaceLineEndings(" ")}); free space or fix the folder, then rerun the same command with --resume to continue from {partial?.Path ?? "the start"}"), e);

    /// <summary>Flushes the records, then forces the file to disk and renames it to its final name (<see cref="PartialFile.Complete"/>).</summary>
    public void Complete()
    {
        Writer.Flush();
        partial?.Complete();
        finished = true;
    }

    public void Dispose()
    {
        // After a failed write (reported by WriteFailed) closing fails again; the .partial keeps its whole lines for --resume.
        try
        {
            if (!finished)
            {
                // After Complete the writer's stream is closed and renamed; the writer (leaveOpen) has nothing left to flush.
                file?.Dispose();
            }
        }
        catch (IOException)
        {
        }
        try
        {
            partial?.Dispose();
        }
        catch (IOException)
        {
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
