using Maria.Runtime.Tokenization;

namespace Maria.Runtime.Tests.Tokenization;

/// <summary>Finds the real files the tokenizer tests run on, failing with a message that says how to get them.</summary>
internal static class TokenizerTestFiles
{
    private static readonly Lazy<HuggingFaceTokenizer> SharedOlmo = new(() => HuggingFaceTokenizer.Load(OlmoTokenizerPath));

    /// <summary>The repository root: the first folder upwards that holds Maria.Onnx.sln.</summary>
    public static string RepositoryRoot => RepositoryFiles.Root;

    /// <summary>../shared/tokenizers/olmo-tokenizer.json next to the repository (the real OLMo-1B tokenizer).</summary>
    public static string OlmoTokenizerPath => RepositoryFiles.OlmoTokenizer;

    /// <summary>The OLMo tokenizer, loaded once for all tests (it is thread-safe).</summary>
    public static HuggingFaceTokenizer Olmo => SharedOlmo.Value;

    /// <summary>The texts of data/sotu/train.jsonl.</summary>
    public static IReadOnlyList<string> TrainingTexts() => SplitTexts("train.jsonl");

    /// <summary>The texts of data/sotu/validation.jsonl.</summary>
    public static IReadOnlyList<string> ValidationTexts() => SplitTexts("validation.jsonl");

    private static IReadOnlyList<string> SplitTexts(string file)
    {
        string path = Path.Combine(RepositoryRoot, "data", "sotu", file);
        Assert.True(File.Exists(path), $"missing {path}: run tools/data/fetch-sotu.sh to fetch the State of the Union corpus");
        return File.ReadLines(path)
            .Where(line => line.Length > 0)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!)
            .ToList();
    }
}
