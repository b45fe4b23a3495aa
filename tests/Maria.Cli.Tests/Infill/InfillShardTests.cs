using System.Reflection;
using System.Text.Json.Nodes;
using CommandLine;
using Maria.Cli.Commands.Infill;
using Maria.Cli.Commands.Infill.Sharding;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Infill;

/// <summary>`maria infill --shard I/N`: each shard fills its records, numbered; merged, they are the unsharded file byte for byte.</summary>
[Collection(InfillPackageCollection.Name)]
public sealed class InfillShardTests(InfillPackageFixture fixture)
{
    [Fact]
    public void Four_shards_merged_are_byte_identical_to_one_run_bad_records_included()
    {
        string input = WriteRecords(23);
        string single = Output("single.txt");
        Assert.Equal(1, RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", single).ExitCode);  // the bad records

        string prefix = Output("shard");
        for (int shard = 0; shard < 4; shard++)
        {
            var (code, _, stderr) = RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", $"{prefix}.{shard}.txt", "--shard", $"{shard}/4");
            Assert.True(code is 0 or 1, stderr);
        }
        string merged = Output("merged.txt");
        var (mergeCode, _, mergeError) = RunMaria("merge", "--input", $"{prefix}.*.txt", "--output", merged);
        Assert.True(mergeCode == 0, mergeError);
        Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(merged));
    }

    [Fact]
    public void A_shard_file_has_a_header_then_its_record_indices_in_order()
    {
        string input = WriteRecords(10);
        string output = Output("one.jsonl");
        RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", output, "--shard", "1/3", "--json", "--temperature", "0.5", "--seed", "7");
        var lines = File.ReadAllLines(output);
        var header = ShardHeader.Parse(lines[0])!;
        Assert.Equal(new ShardSpec(1, 3), header.Shard);
        Assert.Equal(10, header.Records);
        Assert.Equal("0.5", header.Settings["temperature"]);
        Assert.Equal("7", header.Settings["seed"]);
        Assert.Equal("true", header.Settings["json"]);
        Assert.Equal(["1", "4", "7"], lines.Skip(1).Select(l => l.Split('\t')[0]));
        Assert.Equal(["r1", "r4", "8"], lines.Skip(1).Select(l => JsonNode.Parse(l.Split('\t', 2)[1])!["id"]!.GetValue<string>()));
    }

    [Fact]
    public void Every_option_that_can_change_the_output_is_in_the_shard_fingerprint()
    {
        // New infill options join without a second list: only the placement options stay out.
        var options = typeof(InfillCommand).GetProperties()
            .Select(p => p.GetCustomAttribute<OptionAttribute>()?.LongName).OfType<string>()
            .Except(["input", "output", "resume", "shard", "model", "threads", "batch-size"]);
        var settings = ShardSettings.Of(new InfillCommand());
        Assert.Equal(options.Order(), settings.Keys.Order());
    }

    [Fact]
    public void Resume_continues_a_shard_and_says_how_far_it_was()
    {
        string input = WriteRecords(18);
        string whole = Output("whole.txt");
        RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", whole, "--shard", "2/4");
        var expected = File.ReadAllLines(whole);

        string resumed = Output("resumed.txt");
        File.WriteAllText(resumed + ".partial", string.Join('\n', expected.Take(3)) + "\n6\thalf a rec");
        var (_, _, stderr) = RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", resumed, "--shard", "2/4", "--resume", "--batch-size", "2");
        Assert.Contains("resuming shard 2/4: 2 of 4 records already written", stderr, StringComparison.Ordinal);
        Assert.Equal(expected, File.ReadAllLines(resumed));
    }

    [Fact]
    public void Resume_refuses_the_partial_file_of_another_shard_or_other_options_naming_the_difference()
    {
        string input = WriteRecords(8);
        string output = Output("other.txt");
        RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", output, "--shard", "0/2");
        File.Copy(output, output + ".partial");

        var (code, _, stderr) = RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", output, "--shard", "1/2", "--resume");
        Assert.Equal(1, code);
        Assert.Contains("shard 1 vs 0", Lines(stderr).Single(), StringComparison.Ordinal);

        (code, _, stderr) = RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", output, "--shard", "0/2", "--resume", "--temperature", "0.9");
        Assert.Equal(1, code);
        Assert.Contains("--temperature 0.9 vs 0", Lines(stderr).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_refuses_a_shard_file_without_shard_and_an_unsharded_file_with_it()
    {
        string input = WriteRecords(4);
        string output = Output("mixed.txt");
        File.WriteAllText(output + ".partial", new ShardHeader(new ShardSpec(1, 2), 4, "a", "b", new Dictionary<string, string>()).ToLine() + "\n");
        var (code, _, stderr) = RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", output, "--resume");
        Assert.Equal(1, code);
        Assert.Contains("holds shard 1/2 of a sharded run; resume it with --shard 1/2", Lines(stderr).Single(), StringComparison.Ordinal);

        File.WriteAllText(output + ".partial", "an unsharded line\n");
        (code, _, stderr) = RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", output, "--resume", "--shard", "0/2");
        Assert.Equal(1, code);
        Assert.Contains("not the output of a shard", Lines(stderr).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_shard_past_the_last_record_writes_only_its_header_and_still_merges()
    {
        string input = WriteRecords(2);
        string prefix = Output("few");
        for (int shard = 0; shard < 3; shard++)
        {
            Assert.Equal(0, RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", $"{prefix}.{shard}.txt", "--shard", $"{shard}/3", "--batch-size", "1").ExitCode);
        }
        Assert.Single(File.ReadAllLines($"{prefix}.2.txt"));
        var (code, stdout, stderr) = RunMaria("merge", "--input", $"{prefix}.0.txt", $"{prefix}.1.txt", $"{prefix}.2.txt");
        Assert.True(code == 0, stderr);
        Assert.Equal(2, Lines(stdout).Length);
    }

    private string Output(string name) => fixture.File($"{Guid.NewGuid():N}-{name}");

    /// <summary>Records of several mask patterns, an unreadable line (index 7, whose id is its line number 8) and a special token.</summary>
    private string WriteRecords(int count)
    {
        string[] texts = ["the [MASK] is here", "[MASK] and [MASK][MASK]", "no masks here", "[CLS] special [MASK]", "one two [MASK] four five [MASK]"];
        var lines = Enumerable.Range(0, count).Select(i => i == 7
            ? $$"""{"id": "r{{i}}", "text": """
            : $$"""{"id": "r{{i}}", "text": "{{texts[i % texts.Length]}}"}""");
        string input = fixture.File($"records-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(input, lines);
        return input;
    }
}
