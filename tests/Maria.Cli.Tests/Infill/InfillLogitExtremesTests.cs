using System.Text.Json.Nodes;
using Maria.Runtime;
using Maria.Runtime.Tokenization;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Infill;

/// <summary>
/// `maria infill --json` on logits beyond exp's float range and on NaN logits: finite probabilities for the first,
/// an error record naming the position for the second while every other record completes (exit code 1).
/// </summary>
public sealed class InfillLogitExtremesTests(LogitExtremesFixture fixture) : IClassFixture<LogitExtremesFixture>
{
    [Theory]
    [InlineData("1")]
    [InlineData("0.05")]
    [InlineData("0")]
    public void Logits_near_200_infill_with_finite_probabilities(string temperature)
    {
        var (code, stdout, stderr) = RunMaria("infill", "--model", fixture.LargeLogits, "--json", "--temperature", temperature, "--seed", "3",
            "the [MASK] and [MASK] a[MASK][MASK] then the [MASK]", "[MASK] is [MASK]");
        Assert.True(code == 0, stderr);
        var records = Lines(stdout).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(2, records.Count);
        var probabilities = records.SelectMany(r => r["tokens"]!.AsArray()).Select(t => t!["probability"]!.GetValue<double>()).ToList();
        Assert.Equal(7, probabilities.Count);
        Assert.All(probabilities, p => Assert.True(double.IsFinite(p) && p >= 0 && p <= 1, $"probability {p}"));
        Assert.DoesNotContain("NaN", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void NaN_logits_fail_only_their_record_naming_the_position_and_the_exit_code_is_1()
    {
        string input = fixture.File("poisoned-" + Guid.NewGuid().ToString("N") + ".jsonl");
        const string poisoned = "the [MASK] and Z [MASK] end";
        System.IO.File.WriteAllLines(input,
        [
            """{"id": "a", "text": "the [MASK] and [MASK] end"}""",
            $$"""{"id": "b", "text": "{{poisoned}}"}""",
            """{"id": "c", "text": "[MASK] last"}""",
        ]);

        var (code, stdout, stderr) = RunMaria("infill", "--model", fixture.PoisonedToken, "--input", input, "--json", "--temperature", "1", "--seed", "1");

        Assert.Equal(1, code);
        var records = Lines(stdout).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(["a", "b", "c"], records.Select(r => r["id"]!.GetValue<string>()));
        Assert.Null(records[0]["error"]);
        Assert.Null(records[2]["error"]);
        Assert.All(new[] { records[0], records[2] }, r => Assert.All(r["tokens"]!.AsArray(), t => Assert.True(double.IsFinite(t!["probability"]!.GetValue<double>()))));
        int secondMask = MaskPositions(poisoned)[1];
        string error = records[1]["error"]!.GetValue<string>();
        Assert.StartsWith($"the model produced NaN logits at position {secondMask} (", error, StringComparison.Ordinal);
        Assert.EndsWith("the package may be damaged; run maria verify on it, or export it again", error, StringComparison.Ordinal);
        Assert.Contains($"error: record b: {error}", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN,", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_names_nothing_wrong_in_the_large_logit_package_and_reports_its_largest_logit()
    {
        var (code, _, stderr) = RunMaria("verify", "--model", fixture.LargeLogits);
        Assert.True(code == 0, stderr);
        string finite = Lines(stderr).Single(l => l.StartsWith("PASS finite:", StringComparison.Ordinal));
        double largest = double.Parse(finite[(finite.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(largest > 88.72, finite);
    }

    /// <summary>Token positions of the masks, as the package's tokenizer splits <paramref name="text"/>.</summary>
    private int[] MaskPositions(string text)
    {
        var tokenizer = HuggingFaceTokenizer.Load(Path.Combine(fixture.PoisonedToken, "tokenizer.json"));
        var ids = tokenizer.Encode(text);
        Assert.Contains(LogitExtremesFixture.PoisonedTokenId, ids);
        return [.. Enumerable.Range(0, ids.Count).Where(i => tokenizer.IdToToken(ids[i]) == "[MASK]")];
    }
}
