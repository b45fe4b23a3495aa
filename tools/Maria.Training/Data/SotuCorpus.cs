using System.Text.Json;
using Maria.Runtime;

namespace Maria.Training.Data;

/// <summary>
/// Reads the State of the Union JSON-lines files (<c>{"year","name","party","text"}</c>, one address per line).
/// Refuses anything under <c>data/sotu/reserved/</c> before opening it.
/// </summary>
internal static class SotuCorpus
{
    /// <summary>The addresses' texts in file order.</summary>
    /// <param name="path">A JSON-lines file.</param>
    /// <param name="optionName">The command-line option that named the file, for error messages.</param>
    public static IReadOnlyList<string> ReadTexts(string path, string optionName)
    {
        ReservedSplitGuard.EnsureNotReserved(path, optionName);
        if (!File.Exists(path))
        {
            throw new MariaInputException(
                $"{optionName} '{path}' does not exist; run tools/data/fetch-sotu.sh to fetch the corpus");
        }
        var texts = new List<string>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            texts.Add(ReadText(line, path, lineNumber));
        }
        if (texts.Count == 0)
        {
            throw new MariaInputException($"{optionName} '{path}' holds no addresses; expected one JSON object per line");
        }
        return texts;
    }

    private static string ReadText(string line, string path, int lineNumber)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("text", out JsonElement text)
                && text.ValueKind == JsonValueKind.String)
            {
                return text.GetString()!;
            }
        }
        catch (JsonException e)
        {
            throw new MariaInputException($"{path}:{lineNumber} is not valid JSON ({e.Message}); expected {{\"text\": ...}} per line", e);
        }
        throw new MariaInputException($"{path}:{lineNumber} has no string \"text\" field; expected {{\"year\",\"name\",\"party\",\"text\"}}");
    }
}
