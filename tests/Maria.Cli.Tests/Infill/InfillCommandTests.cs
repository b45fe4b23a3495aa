using System.Text.Json.Nodes;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Infill;

/// <summary>`maria infill`: arguments, files, JSON lines, per-record errors, output files and resume.</summary>
[Collection(InfillPackageCollection.Name)]
public sealed class InfillCommandTests(InfillPackageFixture fixture)
{
    [Fact]
    public void Each_argument_is_filled_and_printed_on_its_own_line()
    {
        var (code, stdout, stderr) = RunMaria("infill", "--model", fixture.Package, "the [MASK] is here", "[MASK] and [MASK][MASK]");
        Assert.True(code == 0, stderr);
        var lines = Lines(stdout);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.DoesNotContain("[MASK]", l, StringComparison.Ordinal));
        Assert.EndsWith(" is here", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_has_id_input_output_tokens_and_timing()
    {
        var (code, stdout, _) = RunMaria("infill", "--model", fixture.Package, "--json", "a [MASK] b");
        Assert.Equal(0, code);
        var obj = JsonNode.Parse(Lines(stdout).Single())!.AsObject();
        Assert.Equal("1", obj["id"]!.GetValue<string>());
        Assert.Equal("a [MASK] b", obj["input"]!.GetValue<string>());
        Assert.Single(obj["tokens"]!.AsArray());
        var token = obj["tokens"]![0]!;
        Assert.InRange(token["probability"]!.GetValue<double>(), 0, 1);
        Assert.True(obj["timing_ms"]!["total"]!.GetValue<double>() > 0);
        Assert.Equal(obj["output"]!.GetValue<string>(), "a" + token["text"]!.GetValue<string>() + " b");
    }

    [Fact]
    public void A_bad_record_gets_an_error_object_while_the_others_complete_and_the_exit_code_is_1()
    {
        string input = fixture.File("batch-" + Guid.NewGuid().ToString("N") + ".jsonl");
        string longText = string.Join(' ', Enumerable.Repeat("word", 400)) + " [MASK]";
        File.WriteAllLines(input,
        [
            """{"id": "a", "text": "one [MASK] two", "source": "test"}""",
            """{"id": "b", "text": """,
            """{"id": "c", "text": "no mask at all"}""",
            """{"id": "d", "text": "[CLS] bad special [MASK]"}""",
            $$"""{"id": "e", "text": "{{longText}}"}""",
            """{"id": "f", "text": "[MASK] last"}""",
        ]);
        var (code, stdout, stderr) = RunMaria("infill", "--model", fixture.Package, "--input", input, "--json");
        Assert.Equal(1, code);
        var records = Lines(stdout).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(6, records.Count);
        Assert.Equal("test", records[0]["source"]!.GetValue<string>());
        Assert.Null(records[0]["error"]);
        Assert.Contains("invalid JSON", records[1]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("no mask at all", records[2]["output"]!.GetValue<string>());
        Assert.Contains("[CLS]", records[3]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("tokens", records[4]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(records[5]["error"]);
        Assert.Contains("record 2: line 2: invalid JSON", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_files_appear_only_when_complete_and_resume_continues_a_partial_run()
    {
        string input = fixture.File("lines-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllLines(input, ["first [MASK]", "second [MASK]", "third [MASK]"]);
        string output = fixture.File("out-" + Guid.NewGuid().ToString("N") + ".txt");
        var (code, _, _) = RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", output);
        Assert.Equal(0, code);
        Assert.False(File.Exists(output + ".partial"));
        var complete = File.ReadAllLines(output);
        Assert.Equal(3, complete.Length);

        // An interrupted run left one finished record and half of the next one.
        string resumed = fixture.File("resumed-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(resumed + ".partial", "KEEP THIS LINE\nhalf a rec");
        (code, _, _) = RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", resumed, "--resume");
        Assert.Equal(0, code);
        var lines = File.ReadAllLines(resumed);
        Assert.Equal(["KEEP THIS LINE", complete[1], complete[2]], lines);
    }

    [Fact]
    public void Standard_input_plain_lines_are_records()
    {
        var (code, stdout, _) = RunMariaWith("x [MASK]\ny [MASK]\n", CancellationToken.None, "infill", "--model", fixture.Package, "--input", "-");
        Assert.Equal(0, code);
        Assert.Equal(2, Lines(stdout).Length);
    }

    [Theory]
    [InlineData("--top-p", "2")]
    [InlineData("--temperature", "-1")]
    [InlineData("--top-k", "-3")]
    public void Invalid_sampling_options_exit_1_with_one_line(string option, string value)
    {
        var (code, _, stderr) = RunMaria("infill", "--model", fixture.Package, option, value, "a [MASK]");
        Assert.Equal(1, code);
        // Negative numbers are refused by the parser; top-p 2 by SamplingOptions.Validate: either way the line names the option.
        Assert.Contains(option[2..], Lines(stderr).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_or_input_file_exits_1_with_one_line()
    {
        var (code, _, stderr) = RunMaria("infill", "--model", fixture.File("nope"), "a [MASK]");
        Assert.Equal(1, code);
        Assert.Contains("--model", Lines(stderr).Single(), StringComparison.Ordinal);
        (code, _, stderr) = RunMaria("infill", "--model", fixture.Package, "--input", fixture.File("missing.txt"));
        Assert.Equal(1, code);
        Assert.Single(Lines(stderr));
    }

    [Fact]
    public void Seeded_sampling_is_reproducible_from_the_command_line_and_the_seed_chooses_the_sample()
    {
        string[] Args(int seed) => ["infill", "--model", fixture.Package, "--temperature", "1.3", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "[MASK] [MASK] [MASK] [MASK]"];
        var samples = Enumerable.Range(40, 5).Select(seed => RunMaria(Args(seed))).ToList();
        Assert.All(samples, sample => Assert.True(sample.ExitCode == 0, sample.Stderr));
        Assert.Equal(samples[2].Stdout, RunMaria(Args(42)).Stdout);
        // Were the seed ignored, or sampling greedy, all five would be one text: at T = 1.3 over four masks of a
        // random-weight model, five seeds drawing a single sequence is vanishingly unlikely.
        Assert.True(samples.Select(s => s.Stdout).Distinct().Count() > 1, $"five seeds gave one sample: {samples[0].Stdout}");
        string greedy = RunMaria("infill", "--model", fixture.Package, "[MASK] [MASK] [MASK] [MASK]").Stdout;
        Assert.Contains(samples, sample => sample.Stdout != greedy);
    }
}
