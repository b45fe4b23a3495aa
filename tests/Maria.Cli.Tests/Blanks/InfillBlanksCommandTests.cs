using System.Text.Json.Nodes;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Blanks;

/// <summary>`maria infill` with [WORD] / [BLANK] blanks on the default package: text, JSON, per-record errors, options.</summary>
public sealed class InfillBlanksCommandTests
{
    [Fact]
    public void A_word_blank_prints_a_whole_word_in_place()
    {
        var (code, stdout, stderr) = RunMaria("infill", "The President of the [WORD] States.");
        Assert.True(code == 0, stderr);
        Assert.Matches(@"^The President of the \p{L}+ States\.$", Lines(stdout).Single());
    }

    [Fact]
    public void Json_output_has_a_blanks_array_with_length_fill_log_probability_and_alternatives()
    {
        var (code, stdout, stderr) = RunMaria("infill", "--json", "--max-blank-tokens", "3", "We must [BLANK] the budget [MASK] year.");
        Assert.True(code == 0, stderr);
        var obj = JsonNode.Parse(Lines(stdout).Single())!.AsObject();
        var blank = obj["blanks"]!.AsArray().Single()!;
        Assert.Equal("phrase", blank["kind"]!.GetValue<string>());
        int length = blank["length"]!.GetValue<int>();
        Assert.InRange(length, 1, 3);
        Assert.Equal(length, blank["token_ids"]!.AsArray().Count);
        Assert.True(blank["log_probability"]!.GetValue<double>() < 0);
        var alternatives = blank["alternatives"]!.AsArray();
        Assert.Equal(3, alternatives.Count);
        Assert.Equal(blank["text"]!.GetValue<string>(), alternatives[0]!["text"]!.GetValue<string>());
        Assert.Contains(blank["text"]!.GetValue<string>(), obj["output"]!.GetValue<string>(), StringComparison.Ordinal);
        // The [MASK] is filled too: its one token and the blank's are all in "tokens".
        Assert.Equal(length + 1, obj["tokens"]!.AsArray().Count);
    }

    [Fact]
    public void A_bad_marker_fails_its_record_only_and_exits_1()
    {
        var (code, stdout, stderr) = RunMaria("infill", "--json", "The [WORD] States.", "The Uni[WORD] States.", "The [[BLANK]] States.");
        Assert.Equal(1, code);
        var records = Lines(stdout).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Null(records[0]["error"]);
        Assert.Contains("inside the word 'Uni[WORD]'", records[1]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("nested brackets", records[2]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("error: record 2:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shard_run_fills_blanks_with_the_blank_options_and_records_them_in_its_header()
    {
        string folder = Directory.CreateTempSubdirectory("maria-blank-shard-").FullName;
        try
        {
            string input = Path.Combine(folder, "in.txt");
            File.WriteAllLines(input, ["We must [BLANK] the budget.", "The [WORD] States."]);
            string output = Path.Combine(folder, "out.jsonl");
            var (code, _, stderr) = RunMaria("infill", "--input", input, "--output", output, "--json", "--shard", "0/1", "--max-blank-tokens", "2", "--blank-beam", "1");
            Assert.True(code == 0, stderr);
            var lines = File.ReadAllLines(output);
            Assert.Equal("2", Maria.Cli.Commands.Infill.Sharding.ShardHeader.Parse(lines[0])!.Settings["max-blank-tokens"]);
            var first = JsonNode.Parse(lines[1].Split('\t', 2)[1])!;
            var alternatives = first["blanks"]![0]!["alternatives"]!.AsArray();
            Assert.Equal([1, 2], alternatives.Select(a => a!["length"]!.GetValue<int>()).Order());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Max_blank_tokens_zero_is_refused_with_a_one_line_message()
    {
        var (code, _, stderr) = RunMaria("infill", "--max-blank-tokens", "0", "The [WORD] States.");
        Assert.Equal(1, code);
        Assert.Contains("--max-blank-tokens 0", stderr, StringComparison.Ordinal);
        Assert.Single(Lines(stderr));
    }
}
