using System.Text.Json;
using Maria.Runtime;
using Maria.Training.Data;

namespace Maria.Training.Probing;

/// <summary>
/// One tagged sentence of <c>tools/data/fetch-pos-tagger.sh</c>'s files: the text, one UTF-16 span per tagger word
/// and its (silver) Penn Treebank tag.
/// </summary>
internal sealed record PosSentence(string Id, string Text, (int Start, int End)[] Spans, string[] Tags)
{
    /// <summary>Reads a pos-sentences file; <paramref name="option"/> names it in one-line errors.</summary>
    public static List<PosSentence> ReadAll(string path, string option)
    {
        ReservedSplitGuard.EnsureNotReserved(path, option);
        if (!File.Exists(path))
        {
            throw new MariaInputException($"{option} {path}: no such file; run tools/data/fetch-pos-tagger.sh to tag the corpus splits (data/pos/train.jsonl, data/pos/validation.jsonl)");
        }
        var sentences = new List<PosSentence>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                var root = JsonDocument.Parse(line).RootElement;
                string text = root.GetProperty("text").GetString()!;
                var spans = root.GetProperty("spans").EnumerateArray().Select(s => (s[0].GetInt32(), s[1].GetInt32())).ToArray();
                var tags = root.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray();
                if (spans.Length != tags.Length || spans.Any(s => s.Item1 < 0 || s.Item2 > text.Length || s.Item2 <= s.Item1))
                {
                    throw new MariaInputException($"{option} {path}, line {lineNumber}: {spans.Length} spans and {tags.Length} tags; every tag needs a non-empty span inside the text");
                }
                sentences.Add(new PosSentence(root.TryGetProperty("id", out var id) ? id.ToString() : $"line-{lineNumber}", text, spans, tags));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new MariaInputException($"{option} {path}, line {lineNumber}: expected {{\"text\", \"spans\": [[start, end], ...], \"tags\": [...]}} ({e.Message.ReplaceLineEndings(" ")}); regenerate it with tools/data/fetch-pos-tagger.sh");
            }
        }
        return sentences;
    }
}
