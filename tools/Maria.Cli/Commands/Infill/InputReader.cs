using System.Globalization;
using Maria.Cli.Inputs;
using Maria.Runtime;

namespace Maria.Cli.Commands.Infill;

/// <summary>
/// Reads the records of <c>--input</c>, all of them before the first is filled (so the file may vanish or change
/// during the run without effect; a --resume reads it again): JSON lines when the first non-empty line starts with
/// '{', plain lines otherwise. Empty lines are skipped in JSON mode; in plain mode every line is a record. A line
/// longer than <see cref="BoundedLineReader.MaxRecordChars"/> is never held in memory: its record fails in one line.
/// </summary>
internal static class InputReader
{
    public static List<InfillRecord> Read(string path, TextReader standardInput)
    {
        List<BoundedLine> lines;
        if (path == "-")
        {
            lines = BoundedLineReader.Read(standardInput).ToList();
        }
        else if (Directory.Exists(path))
        {
            throw new MariaInputException($"--input {path}: is a folder, not a file; pass a text file with one text per line or JSON lines {{\"id\",\"text\"}}");
        }
        else if (!File.Exists(path))
        {
            throw new MariaInputException($"{path}: no such input file; pass a text file with one text per line or JSON lines {{\"id\",\"text\"}}");
        }
        else
        {
            lines = ReadFile(path);
        }
        bool json = lines.FirstOrDefault(l => l.TooLong || l.Text!.Trim().Length > 0) is { } firstLine
            && (firstLine.TooLong ? firstLine.First == '{' : firstLine.Text!.TrimStart().StartsWith('{'));
        var records = new List<InfillRecord>(lines.Count);
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.TooLong)
            {
                records.Add(TooLong(i + 1, line.Length));
            }
            else if (!json)
            {
                records.Add(InfillRecord.FromPlain(i + 1, line.Text!));
            }
            else if (line.Text!.Trim().Length > 0)
            {
                records.Add(InfillRecord.FromJsonLine(i + 1, line.Text));
            }
        }
        return records;
    }

    private static List<BoundedLine> ReadFile(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            return BoundedLineReader.Read(reader).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MariaInputException($"--input {path}: cannot read the file ({e.Message}); check that it is a readable file");
        }
    }

    private static InfillRecord TooLong(int lineNumber, long length)
    {
        string id = lineNumber.ToString(CultureInfo.InvariantCulture);
        return new InfillRecord(id, null, null, string.Create(CultureInfo.InvariantCulture,
            $"line {lineNumber}: {length:N0} characters, more than the {BoundedLineReader.MaxRecordChars:N0} a record may have (far beyond any model context); split the text into records"));
    }
}
