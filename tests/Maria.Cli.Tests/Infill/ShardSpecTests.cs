using Maria.Cli.Commands.Infill.Sharding;
using Maria.Runtime;
using Maria.Tools.Common;

namespace Maria.Cli.Tests.Infill;

/// <summary>--shard I/N, auto and auto/N: which records a shard takes and where auto reads the scheduler's index.</summary>
public sealed class ShardSpecTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Shards_take_the_records_congruent_to_their_index_each_record_exactly_once()
    {
        var shards = Enumerable.Range(0, 4).Select(i => ShardSpec.Parse($"{i}/4", Environment())).ToArray();
        for (int record = 0; record < 23; record++)
        {
            Assert.Equal([record % 4], shards.Where(s => s.Contains(record)).Select(s => s.Index));
        }
        Assert.Equal([6, 6, 6, 5], shards.Select(s => s.RecordsOf(23)));
        Assert.Equal([1, 5, 9], Enumerable.Range(0, 3).Select(shards[1].RecordIndex));
        Assert.Equal(0, ShardSpec.Parse("5/6", Environment()).RecordsOf(5));
    }

    [Fact]
    public void Auto_reads_a_slurm_array_numbered_from_0()
    {
        var shard = ShardSpec.Parse("auto", Environment(("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_COUNT", "4"), ("SLURM_ARRAY_TASK_MIN", "0")));
        Assert.Equal(new ShardSpec(2, 4), shard);
    }

    [Fact]
    public void Auto_with_N_keeps_the_shard_of_a_resubmitted_array_element()
    {
        // sbatch --array=2 resubmits one element: Slurm then says COUNT 1, MIN 2.
        var resubmitted = Environment(("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_COUNT", "1"), ("SLURM_ARRAY_TASK_MIN", "2"));
        Assert.Equal(new ShardSpec(2, 4), ShardSpec.Parse("auto/4", resubmitted));
        var error = Assert.Throws<UsageException>(() => ShardSpec.Parse("auto", resubmitted));
        Assert.Contains("give --shard auto/N", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_with_N_reads_a_kubernetes_completion_index_and_auto_alone_asks_for_N()
    {
        var pod = Environment(("JOB_COMPLETION_INDEX", "3"));
        Assert.Equal(new ShardSpec(3, 4), ShardSpec.Parse("auto/4", pod));
        Assert.Contains("--shard auto/N with N = the Job's completions", Assert.Throws<UsageException>(() => ShardSpec.Parse("auto", pod)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4/4", "shard 4 does not exist among 4 shards (0..3)")]
    [InlineData("1/0", "N must be 1 or more")]
    [InlineData("-1/4", "I '-1' is not a whole number")]
    [InlineData("2", "give I/N")]
    [InlineData("a/b", "N 'b' is not a whole number")]
    [InlineData("x/2", "I 'x' is not a whole number")]
    [InlineData("1/2/3", "give I/N")]
    [InlineData("auto", "neither SLURM_ARRAY_TASK_ID")]
    public void Bad_shards_are_refused_naming_the_form_to_give(string text, string expected)
    {
        var error = Assert.Throws<UsageException>(() => ShardSpec.Parse(text, Environment()));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"--shard {text}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void An_index_past_the_slurm_array_is_refused()
    {
        var error = Assert.Throws<UsageException>(() => ShardSpec.Parse("auto/4", Environment(("SLURM_ARRAY_TASK_ID", "7"))));
        Assert.Contains("shard 7 does not exist among 4 shards", error.Message, StringComparison.Ordinal);
    }
}
