using System.Text.Json;
using Maria.Runtime.Baselines;

namespace Maria.Runtime.Tests.Engine;

/// <summary>The shipped int8 package: batching changes nothing on real text, and a version-1 package is refused with the way out.</summary>
public sealed class ShippedPackageBatchTests
{
    private static string Shipped => Path.Combine(Tokenization.TokenizerTestFiles.RepositoryRoot, "models", "maria-tiny");

    [Fact]
    public void Greedy_fills_of_every_validation_address_are_identical_batched_and_one_at_a_time()
    {
        using var model = MariaModel.Load(Shipped);
        // One record per validation address, cut to the context, half of its positions masked (seeded).
        var random = new Random(12);
        var texts = ValidationTexts().Select(text =>
        {
            var ids = model.Tokenizer.Encode(text).Where(id => id < model.Manifest.Vocabulary.SharedSize).Take(model.Baselines.MaxTokens).ToArray();
            var masks = Enumerable.Range(0, ids.Length).Where(_ => random.NextDouble() < 0.5).ToArray();
            return new MaskedTokens(ids, masks);
        }).ToList();

        var batched = model.Baselines.Maria(texts, batchSize: 8);

        Assert.Equal(8, texts.Count);
        for (int t = 0; t < texts.Count; t++)
        {
            Assert.Equal(model.Baselines.Maria(texts[t].Tokens, texts[t].Masks).TokenIds, batched[t].TokenIds);
        }
    }

    [Fact]
    public void A_format_1_package_is_refused_with_the_re_export_command_that_keeps_its_head()
    {
        string folder = Path.Combine(Path.GetTempPath(), "maria-v1-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string manifest = File.ReadAllText(Path.Combine(Shipped, "maria.json")).Replace("\"format_version\": 2", "\"format_version\": 1", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(folder, "maria.json"), manifest);

            var error = Assert.Throws<MariaInputException>(() => MariaModel.Load(folder));

            Assert.Contains("package format version 1 is not supported (this runtime reads version 2)", error.Message);
            Assert.Contains($"--head-from {folder}", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static IEnumerable<string> ValidationTexts()
    {
        string path = Path.Combine(Tokenization.TokenizerTestFiles.RepositoryRoot, "data", "sotu", "validation.jsonl");
        Assert.True(File.Exists(path), $"missing {path}: run tools/data/fetch-sotu.sh");
        return File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!);
    }
}
