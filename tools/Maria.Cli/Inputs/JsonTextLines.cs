using System.Text.Json;
using Maria.Runtime;

namespace Maria.Cli.Inputs;

/// <summary>
/// The <c>--data</c> files of eval and bench (and <c>tokenize --input</c>): JSON lines with a string <c>"text"</c> per
/// record (blank lines skipped). Every problem - a folder, a missing or unreadable file, a line that is not such a
/// record or has a key twice - is one line naming the option, the file (and the line) and the fix.
/// </summary>
internal static class JsonTextLines
{
    /// <summary>The records' texts in file order, read lazily.</summary>
    public static IEnumerable<string> Read(string path) => ReadRecords(path).Select(r => r.Text);

    /// <summary>The records in file order, read lazily; <paramref name="option"/> names the file in errors.</summary>
    public static IEnumerable<JsonTextRecord> ReadRecords(string path, string option = "--data")
    {
        CheckFile(path, option);
        return Records(path, option);
    }

    /// <summary>
    /// Refuses a folder or a missing file at once (one line naming <paramref name="option"/> and the fix), so that a
    /// command can check its data before it spends a minute loading a large package.
    /// </summary>
    public static void CheckFile(string path, string option = "--data")
    {
        if (Directory.Exists(path))
        {
            throw new MariaInputException($"{option} {path}: is a folder, not a file; pass a JSON-lines file such as data/sotu/validation.jsonl");
        }
        if (!File.Exists(path))
        {
            throw new MariaInputException($"{option} {path}: no such file; pass a JSON-lines file of {{\"text\": ...}} records (e.g. data/sotu/validation.jsonl, fetched by tools/data/fetch-sotu.sh)");
        }
    }

    private static IEnumerable<JsonTextRecord> Records(string path, string option)
    {
        int lineNumber = 0;
        foreach (string line in ReadLines(path, option))
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return RecordOf(line, path, lineNumber, option);
            }
        }
    }

    /// <summary>
    /// The file's lines, at most <see cref="BoundedLineReader.MaxRecordChars"/> characters each (a longer one is refused
    /// without being held in memory), turning a read failure into a one-line message that names the file.
    /// </summary>
    private static IEnumerable<string> ReadLines(string path, string option)
    {
        StreamReader reader;
        try
        {
            reader = new StreamReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MariaInputException($"{option} {path}: cannot read the file ({e.Message}); check that it is a readable file");
        }
        using (reader)
        {
            using var lines = BoundedLineReader.Read(reader).GetEnumerator();
            int lineNumber = 0;
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
                    throw new MariaInputException($"{option} {path}: cannot read the file ({e.Message}); check that it is a readable file");
                }
                lineNumber++;
                if (lines.Current.TooLong)
                {
                    throw new MariaInputException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"{option} {path}, line {lineNumber}: {lines.Current.Length:N0} characters, more than the {BoundedLineReader.MaxRecordChars:N0} a record may have; split the text into records"));
                }
                yield return lines.Current.Text!;
            }
        }
    }

    private static JsonTextRecord RecordOf(string line, string path, int lineNumber, string option)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (DuplicateKey(root) is { } key)
            {
                // Which of the two values a reader takes is not defined: refused, as an invalid line is.
                throw new MariaInputException($"{option} {path}, line {lineNumber}: invalid JSON (the key \"{key}\" appears twice); keep one of them or pass another file");
            }
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                return new JsonTextRecord(lineNumber, IdOf(root), text.GetString()!);
            }
        }
        catch (JsonException e)
        {
            throw new MariaInputException($"{option} {path}, line {lineNumber}: invalid JSON ({e.Message.ReplaceLineEndings(" ")}); fix the line or pass another file");
        }
        throw new MariaInputException($"{option} {path}, line {lineNumber}: expected a JSON object with a string \"text\"; fix the line or pass another file");
    }

    /// <summary>The first key that appears twice in one object of <paramref name="element"/> (nested ones included), or null.</summary>
    private static string? DuplicateKey(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return element.EnumerateArray().Select(DuplicateKey).FirstOrDefault(key => key is not null);
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!keys.Add(property.Name))
            {
                return property.Name;
            }
            if (DuplicateKey(property.Value) is { } inner)
            {
                return inner;
            }
        }
        return null;
    }

    /// <summary>The record's "id" (a string or number), else its "year" (the corpus files have no id), else null.</summary>
    private static string? IdOf(JsonElement root)
    {
        foreach (string name in new[] { "id", "year" })
        {
            if (root.TryGetProperty(name, out var value))
            {
                if (value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
                if (value.ValueKind == JsonValueKind.Number)
                {
                    return value.GetRawText();
                }
            }
        }
        return null;
    }
}
