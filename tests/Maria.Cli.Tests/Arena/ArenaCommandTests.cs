using System.Text.Json;
using Maria.Cli.Commands.Arena;
using Maria.Runtime;

namespace Maria.Cli.Tests.Arena;

/// <summary><c>maria arena</c> on the shipped package (also standing in as the scorer, which a real run must not do).</summary>
public sealed class ArenaCommandTests : IDisposable
{
    private readonly TemporaryFolder temporary = new();

    private string folder => temporary.Path;


    private static string ShippedModel => Path.Combine(RepositoryFiles.Root, "models", "maria-tiny");

    private const string Text = "The President shall from time to time give to the Congress information of the state of the Union, and recommend to their consideration such measures as he shall judge necessary and expedient. We meet again in a year of great trial, and our nation has answered with courage, with work and with hope for the years to come.";

    [Fact]
    public void Every_masked_word_is_masked_whole_and_about_half_the_words_are()
    {
        using var model = MariaModel.Load(ShippedModel);
        var windows = ArenaWindow.Build(model.Tokenizer, [Text], 24, 2, 0.5, seed: 3);
        foreach (var window in windows)
        {
            var pieces = window.Tokens.Select(t => model.Tokenizer.Decode([t])).ToArray();
            foreach (int m in window.Masks)
            {
                // A masked token that continues a word (no leading space) has its word's previous token masked too.
                if (m > 0 && !char.IsWhiteSpace(pieces[m][0]))
                {
                    Assert.Contains(m - 1, window.Masks);
                }
            }
            int words = pieces.Count(p => char.IsWhiteSpace(p[0]) && !string.IsNullOrWhiteSpace(p)) + (char.IsWhiteSpace(pieces[0][0]) ? 0 : 1);
            int maskedWords = window.Masks.Count(m => m == 0 || char.IsWhiteSpace(pieces[m][0]));
            Assert.Equal(Math.Round(words * 0.5, MidpointRounding.AwayFromZero), maskedWords);
        }
        Assert.Equal(windows[0].Masks, ArenaWindow.Build(model.Tokenizer, [Text], 24, 2, 0.5, seed: 3)[0].Masks);
    }

    [Fact]
    public void The_report_rates_the_truth_and_four_methods_with_both_judges()
    {
        string data = Path.Combine(folder, "data.jsonl");
        File.WriteAllLines(data, [JsonSerializer.Serialize(new { text = Text })]);
        string json = Path.Combine(folder, "arena.json");
        var (code, stdout, stderr) = MariaCli.RunMaria("arena", "--model", ShippedModel, "--scorer", ShippedModel, "--data", data, "--windows", "2", "--length", "24", "--bootstrap", "20", "--json", json);
        Assert.True(code == 0, stderr);
        var rows = stdout.ToString().Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| contestant", StringComparison.Ordinal)).ToList();
        Assert.Equal(["truth", "maria", "product", "mlm", "ar"], rows.Select(r => r.Split('|')[1].Trim()));
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var accuracy = report.RootElement.GetProperty("meanAccuracy").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(1.0, accuracy[0]);
        Assert.Equal(1000, report.RootElement.GetProperty("accuracyRatings").EnumerateArray().Average(r => r.GetProperty("Rating").GetDouble()), 6);
        var texts = report.RootElement.GetProperty("judged")[0].GetProperty("texts");
        Assert.Equal(5, texts.GetArrayLength());
    }

    [Fact]
    public void The_reserved_years_are_refused()
    {
        var (code, _, stderr) = MariaCli.RunMaria("arena", "--scorer", ShippedModel, "--data", "data/sotu/reserved/test.jsonl");
        Assert.Equal(1, code);
        Assert.Contains("reserved", stderr);
    }

    public void Dispose() => temporary.Dispose();
}
