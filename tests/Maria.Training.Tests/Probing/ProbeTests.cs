using System.Text.Json;
using Maria.Runtime;
using Maria.Training.Probing;

namespace Maria.Training.Tests.Probing;

/// <summary><c>maria-train probe</c> and its pieces on the shipped package and the committed tagged fixtures.</summary>
public sealed class ProbeTests
{
    private static string Fixture(string name) => Path.Combine(RepositoryFiles.Root, "tests", "Maria.Training.Tests", "Probing", name);

    private static string ShippedModel => Path.Combine(RepositoryFiles.Root, "models", "maria-tiny");

    [Fact]
    public void A_word_maps_to_the_token_that_holds_its_first_character_leading_space_included()
    {
        using var model = MariaModel.Load(ShippedModel);
        const string text = "The state of the Union";
        var tokens = model.Tokenizer.EncodeWithOffsets(text);
        int union = text.IndexOf("Union", StringComparison.Ordinal);
        int token = ProbeWords.FirstToken(tokens, union);
        Assert.True(tokens[token].Start <= union && union < tokens[token].Start + tokens[token].Length);
        Assert.Equal(0, ProbeWords.FirstToken(tokens, 0));
    }

    [Fact]
    public void Probe_words_carry_the_runtimes_rows_of_each_words_first_token()
    {
        using var model = MariaModel.Load(ShippedModel);
        var sentences = PosSentence.ReadAll(Fixture("pos-test-fixture.jsonl"), "--test").Take(2).ToList();
        var labels = sentences.SelectMany(s => s.Tags).Distinct().Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        var words = ProbeWords.Extract(model, sentences, labels, batchSize: 2, salt: 1, null, CancellationToken.None);
        Assert.Equal(sentences.Sum(s => s.Tags.Length), words.Count);
        var first = sentences[0];
        var alone = model.Represent(first.Text);
        var tokens = model.Tokenizer.EncodeWithOffsets(first.Text);
        int w = first.Spans.Length - 1;
        int token = ProbeWords.FirstToken(tokens, first.Spans[w].Start);
        for (int j = 0; j < words.MlmWidth; j += 17)
        {
            Assert.Equal(alone.Mlm(token)[j], words.Mlm[w * words.MlmWidth + j], 4);
            Assert.Equal(alone.Ar(token, Runtime.ArAlignment.HeadInput)[j], words.ArBefore[w * words.ArWidth + j], 4);
        }
        Assert.Equal(labels[first.Tags[w]], words.Labels[w]);
    }

    [Fact]
    public void The_probe_command_beats_the_majority_tag_and_reports_every_seed()
    {
        using var temporary = new TemporaryFolder();
        string json = Path.Combine(temporary.Path, "probe.json");
        var (code, stdout, stderr) = TrainCli.Run("probe", "--model", ShippedModel, "--train", Fixture("pos-train-fixture.jsonl"),
            "--test", Fixture("pos-test-fixture.jsonl"), "--representations", "maria-projected", "--seeds", "1,2", "--epochs", "10", "--lr", "1e-2", "--json", json);
        Assert.True(code == 0, stderr);
        Assert.Contains("| maria-projected: random projection of [v_{i-1} ; u_i] to d_mlm (control) | 256 |", stdout);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var test = PosSentence.ReadAll(Fixture("pos-test-fixture.jsonl"), "--test");
        double majority = test.SelectMany(s => s.Tags).GroupBy(t => t).Max(g => g.Count()) / (double)test.Sum(s => s.Tags.Length);
        foreach (var result in report.RootElement.GetProperty("results").EnumerateArray())
        {
            var accuracies = result.GetProperty("Accuracies").EnumerateArray().Select(a => a.GetDouble()).ToArray();
            Assert.Equal(2, accuracies.Length);
            Assert.All(accuracies, a => Assert.True(a > majority + 0.1, $"{result.GetProperty("Name")}: {a} vs majority {majority}"));
        }
    }

    [Fact]
    public void Reserved_years_and_unknown_representations_are_refused_in_one_line()
    {
        var (code, _, stderr) = TrainCli.Run("probe", "--model", ShippedModel, "--train", "data/sotu/reserved/pos.jsonl", "--test", Fixture("pos-test-fixture.jsonl"));
        Assert.Equal(1, code);
        Assert.Contains("reserved", stderr);
        (code, _, stderr) = TrainCli.Run("probe", "--model", ShippedModel, "--train", Fixture("pos-train-fixture.jsonl"), "--test", Fixture("pos-test-fixture.jsonl"), "--representations", "bert");
        Assert.Equal(1, code);
        Assert.Contains("unknown 'bert'", stderr);
    }
}
