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
    public void With_batch_invariance_the_int8_package_fills_512_token_windows_identically_at_every_batch_size()
    {
        using var model = MariaModel.Load(Shipped, new MariaModelOptions(BatchInvariant: true));
        // Consecutive 512-token windows of the validation split, half of each masked (seeded): without the option,
        // about one window in sixteen changes a near-tied greedy choice between batch sizes.
        var tokens = ValidationTexts().SelectMany(t => model.Tokenizer.Encode(t)).Where(id => id < model.Manifest.Vocabulary.SharedSize).ToArray();
        var random = new Random(0);
        var texts = Enumerable.Range(0, 8).Select(r => new MaskedTokens(tokens[(r * 512)..((r + 1) * 512)],
            Enumerable.Range(0, 512).OrderBy(_ => random.Next()).Take(256).Order().ToArray())).ToList();

        var one = model.Baselines.Maria(texts, batchSize: 1);
        foreach (int batchSize in new[] { 3, 8 })
        {
            var batched = model.Baselines.Maria(texts, batchSize);
            for (int t = 0; t < texts.Count; t++)
            {
                Assert.Equal(one[t].TokenIds, batched[t].TokenIds);
                Assert.Equal(one[t].Probabilities, batched[t].Probabilities);
            }
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
