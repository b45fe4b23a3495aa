using System.Text.Json;
using Maria.Runtime;

namespace Maria.Cli.Inputs;

/// <summary>
/// The <c>--data</c> files of eval and bench: JSON lines with a string <c>"text"</c> per record (blank lines skipped).
/// Every problem - a folder, a missing or unreadable file, a line that is not such a record - is one line naming the
/// file (and the line) and the fix.
/// </summary>
internal static class JsonTextLines
{
    /// <summary>The records' texts in file order, read lazily.</summary>
    public static IEnumerable<string> Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new MariaInputException($"--data {path}: is a folder, not a file; pass a JSON-lines file such as data/sotu/validation.jsonl");
        }
        if (!File.Exists(path))
        {
            throw new MariaInputException($"--data {path}: no such file; pass a JSON-lines file of {{\"text\": ...}} records (e.g. data/sotu/validation.jsonl, fetched by tools/data/fetch-sotu.sh)");
        }
        return Texts(path);
    }

    private static IEnumerable<string> Texts(string path)
    {
        int lineNumber = 0;
        foreach (string line in ReadLines(path))
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return TextOf(line, path, lineNumber);
            }
        }
    }

    /// <summary>The file's lines, turning a read failure into a one-line message that names the file.</summary>
    private static IEnumerable<string> ReadLines(string path)
    {
        IEnumerator<string> lines;
        try
        {
            lines = File.ReadLines(path).GetEnumerator();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MariaInputException($"--data {path}: cannot read the file ({e.Message}); check that it is a readable file");
        }
        using (lines)
        {
            while (true)
            {
                try
                {
                    if (!lines.MoveNext())
                    {
                        yield break;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new MariaInputException($"--data {path}: cannot read the file ({e.Message}); check that it is a readable file");
                }
                yield return lines.Current;
            }
        }
    }

    private static string TextOf(string line, string path, int lineNumber)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                return text.GetString()!;
            }
        }
        catch (JsonException e)
        {
            throw new MariaInputException($"--data {path}, line {lineNumber}: invalid JSON ({e.Message.ReplaceLineEndings(" ")}); fix the line or pass another file");
        }
        throw new MariaInputException($"--data {path}, line {lineNumber}: expected a JSON object with a string \"text\"; fix the line or pass another file");
    }
}
