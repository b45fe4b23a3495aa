using Maria.Cli.Commands.Infill.Sharding;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Merge;

/// <summary>`maria merge`: records back in input order, and one-line refusals naming shards, files and record indices.</summary>
public sealed class MergeCommandTests : IDisposable
{
    private readonly TemporaryFolder temporary = new();

    private string folder => temporary.Path;

    [Fact]
    public void Shards_are_interleaved_back_into_input_order()
    {
        WriteShards(10, 3);
        var (code, stdout, stderr) = RunMaria("merge", "--input", Pattern);
        Assert.True(code == 0, stderr);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"record {i}\n"), stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l + "\n"));
        Assert.Contains("merged 10 records from 3 shards", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_shard_is_refused_naming_its_record_indices_and_no_output_is_written()
    {
        WriteShards(400, 4);
        File.Delete(ShardFile(2));
        string output = Path.Combine(folder, "merged.txt");
        var (code, _, stderr) = RunMaria("merge", "--input", Pattern, "--output", output);
        Assert.Equal(1, code);
        Assert.Equal("error: shard 2/4 missing among the 3 files: record indices 2, 6, 10, 14, 18, ..., 398 (100 records) have no output; run maria infill --shard 2/4 (--resume continues its .partial file) and merge again", Lines(stderr).Single());
        Assert.False(File.Exists(output) || File.Exists(output + ".partial"));
    }

    [Fact]
    public void A_duplicated_shard_is_refused_naming_both_files_and_the_record_indices()
    {
        WriteShards(12, 4);
        string copy = Path.Combine(folder, "again.txt");
        File.Copy(ShardFile(1), copy);
        var (code, _, stderr) = RunMaria("merge", "--input", Pattern, copy);
        Assert.Equal(1, code);
        string line = Lines(stderr).Single();
        Assert.Contains("shard 1/4 is given twice", line, StringComparison.Ordinal);
        Assert.Contains("record indices 1, 5, 9 would appear more than once", line, StringComparison.Ordinal);
        Assert.Contains(copy, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_of_another_job_are_refused_naming_the_difference()
    {
        WriteShards(8, 2);
        WriteShard(1, 2, 8, settings: new Dictionary<string, string> { ["temperature"] = "0.7" });
        var (code, _, stderr) = RunMaria("merge", "--input", Pattern);
        Assert.Equal(1, code);
        Assert.Contains("are shards of different jobs (--temperature 0 vs 0.7)", Lines(stderr).Single(), StringComparison.Ordinal);

        WriteShard(1, 3, 8);
        (code, _, stderr) = RunMaria("merge", "--input", Pattern);
        Assert.Contains("2 shards vs 3", Lines(stderr).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_shard_is_refused_naming_the_records_it_lacks()
    {
        WriteShards(20, 4);
        var lines = File.ReadAllLines(ShardFile(3));
        File.WriteAllLines(ShardFile(3), lines.Take(3));  // header + indices 3 and 7
        var (code, _, stderr) = RunMaria("merge", "--input", Pattern);
        Assert.Equal(1, code);
        Assert.Contains("ends after 2 records of shard 3/4: record indices 11, 15, 19 have no output", Lines(stderr).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_or_foreign_index_inside_a_shard_is_refused()
    {
        WriteShards(12, 2);
        var lines = File.ReadAllLines(ShardFile(0)).ToList();
        lines[2] = lines[1];  // index 0 twice, index 2 gone
        File.WriteAllLines(ShardFile(0), lines);
        var (code, _, stderr) = RunMaria("merge", "--input", Pattern);
        Assert.Equal(1, code);
        Assert.Contains("line 3: record index 0 where record index 2 belongs", Lines(stderr).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Files_that_are_no_shard_output_or_match_nothing_are_refused()
    {
        WriteShards(4, 2);
        File.WriteAllText(Path.Combine(folder, "out.x.txt"), "plain output\n");
        var (code, _, stderr) = RunMaria("merge", "--input", Pattern);
        Assert.Equal(1, code);
        Assert.Contains("out.x.txt: not a shard output", Lines(stderr).Single(), StringComparison.Ordinal);

        (code, _, stderr) = RunMaria("merge", "--input", Path.Combine(folder, "none.*.txt"));
        Assert.Equal(1, code);
        Assert.Contains("no file matches", Lines(stderr).Single(), StringComparison.Ordinal);
    }

    public void Dispose() => temporary.Dispose();

    private string Pattern => Path.Combine(folder, "out.*.txt");

    private string ShardFile(int shard) => Path.Combine(folder, $"out.{shard}.txt");

    private void WriteShards(int records, int shards)
    {
        for (int shard = 0; shard < shards; shard++)
        {
            WriteShard(shard, shards, records);
        }
    }

    /// <summary>A shard file as maria infill --shard writes it, with "record I" as the record of index I.</summary>
    private void WriteShard(int index, int count, int records, Dictionary<string, string>? settings = null)
    {
        var shard = new ShardSpec(index, count);
        var header = new ShardHeader(shard, records, new string('a', 64), new string('b', 64), settings ?? new Dictionary<string, string> { ["temperature"] = "0" });
        var lines = Enumerable.Range(0, shard.RecordsOf(records)).Select(shard.RecordIndex).Select(i => $"{i}\trecord {i}");
        File.WriteAllText(ShardFile(index), string.Join("", new[] { header.ToLine() }.Concat(lines).Select(l => l + "\n")));
    }
}
