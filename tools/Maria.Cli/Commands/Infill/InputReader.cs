using Maria.Runtime;

namespace Maria.Cli.Commands.Infill;

/// <summary>
/// Reads the records of <c>--input</c>: JSON lines when the first non-empty line starts with '{', plain lines
/// otherwise. Empty lines are skipped in JSON mode; in plain mode every line is a record.
/// </summary>
internal static class InputReader
{
    public static List<InfillRecord> Read(string path, TextReader standardInput)
    {
        string[] lines;
        if (path == "-")
        {
            lines = standardInput.ReadToEnd().Split('\n');
        }
        else if (!File.Exists(path))
        {
            throw new MariaInputException($"{path}: no such input file; pass a text file with one text per line or JSON lines {{\"id\",\"text\"}}");
        }
        else
        {
            lines = File.ReadAllText(path).Split('\n');
        }
        lines = lines.Select(l => l.TrimEnd('\r')).ToArray();
        // A trailing newline does not start another record.
        int count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        bool json = lines.Take(count).FirstOrDefault(l => l.Trim().Length > 0)?.TrimStart().StartsWith('{') ?? false;
        var records = new List<InfillRecord>(count);
        for (int i = 0; i < count; i++)
        {
            if (json)
            {
                if (lines[i].Trim().Length > 0)
                {
                    records.Add(InfillRecord.FromJsonLine(i + 1, lines[i]));
                }
            }
            else
            {
                records.Add(InfillRecord.FromPlain(i + 1, lines[i]));
            }
        }
        return records;
    }
}
