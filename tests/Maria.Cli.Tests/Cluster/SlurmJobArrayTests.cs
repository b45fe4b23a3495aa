using System.Diagnostics;
using System.Text.RegularExpressions;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Cluster;

/// <summary>
/// A sharded infill on a real Slurm (tools/cluster/slurm-local.sh: munge, slurmctld and slurmd on this machine): a job
/// array of 4 elements over 400 records, one element cancelled with scancel while it writes and then resubmitted,
/// merged by the dependent merge job into exactly the file of one process.
/// </summary>
public sealed partial class SlurmJobArrayTests : IDisposable
{
    private readonly TemporaryFolder temporary = new();

    private string folder => temporary.Path;

    [Fact]
    public void A_job_array_with_an_element_cancelled_and_resubmitted_merges_to_the_single_process_output()
    {
        string input = Path.Combine(folder, "records.txt");
        File.WriteAllLines(input, Enumerable.Range(0, 400).Select(Record));
        string output = Path.Combine(folder, "out", "filled.txt");
        using var slurm = LocalSlurm.Start();

        var (array, merge) = Submit(slurm, input, output);
        // Element 2 waits for a free core (two elements run at a time); cancel it once it has written some records.
        string partial = Path.Combine(folder, "out", "filled.2.txt.partial");
        var clock = Stopwatch.StartNew();
        while (CompleteLines(partial) < 3)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"element 2 wrote no records in 3 minutes: {slurm.Command("squeue").Stdout}");
            Thread.Sleep(20);
        }
        Assert.Equal(0, slurm.Command("scancel", $"{array}_2").ExitCode);
        Assert.Equal("CANCELLED", slurm.WaitForEnd($"{array}_2", TimeSpan.FromMinutes(1)));
        int written = CompleteLines(partial) - 1;
        Assert.InRange(written, 1, 99);
        Assert.False(File.Exists(Path.Combine(folder, "out", "filled.2.txt")));

        // The merge job runs after every element, cancelled ones too, and refuses naming the records that have no output.
        Assert.Equal("FAILED", slurm.WaitForEnd(merge, TimeSpan.FromMinutes(3)));
        string refusal = File.ReadAllText(Path.Combine(folder, "out", $"slurm-{merge}.out"));
        Assert.Contains("error: shard 2/4 missing among the 3 files: record indices 2, 6, 10, 14, 18, ..., 398 (100 records) have no output", refusal, StringComparison.Ordinal);

        // Resubmitted, element 2 resumes its .partial file and the new merge job writes the whole output.
        var (again, mergeAgain) = Submit(slurm, input, output, "--tasks", "2");
        Assert.Equal("COMPLETED", slurm.WaitForEnd(mergeAgain, TimeSpan.FromMinutes(3)));
        string log = File.ReadAllText(Path.Combine(folder, "out", $"slurm-{again}_2.out"));
        var resumed = ResumedLine().Match(log);
        Assert.True(resumed.Success, log);
        Assert.True(int.Parse(resumed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= written, log);

        string single = Path.Combine(folder, "single.txt");
        var (code, _, stderr) = RunMaria("infill", "--input", input, "--output", single);
        Assert.True(code == 0, stderr);
        Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(output));
    }

    public void Dispose() => temporary.Dispose();

    /// <summary>Short texts of a few masks each, every one different.</summary>
    private static string Record(int index) => (index % 4) switch
    {
        0 => $"Record {index}: the [MASK] of the United States shall give to the Congress [MASK] of the state of the [MASK].",
        1 => $"In the year {1800 + index} the [MASK] and the [MASK] of the nation were [MASK] by the people.",
        2 => $"We have [MASK] {index} new treaties with the [MASK] powers of [MASK] and of Asia.",
        _ => $"The [MASK] of {index} [MASK] was [MASK] to the public debt, and the [MASK] remains.",
    };

    private static (string Array, string Merge) Submit(LocalSlurm slurm, string input, string output, params string[] tasks)
    {
        var (code, stdout, stderr) = slurm.Command("bash", [LocalSlurm.Script("submit-infill.sh"), .. tasks, input, output, "4"]);
        Assert.True(code == 0, stderr);
        var ids = Lines(stdout).ToDictionary(l => l.Split(' ')[0], l => l.Split(' ')[1]);
        return (ids["array"], ids["merge"]);
    }

    private static int CompleteLines(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Count(c => c == '\n');
    }

    [GeneratedRegex(@"resuming shard 2/4: (\d+) of 100 records already written")]
    private static partial Regex ResumedLine();
}
