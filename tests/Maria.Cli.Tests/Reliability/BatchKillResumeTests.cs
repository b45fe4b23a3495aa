using System.Diagnostics;

namespace Maria.Cli.Tests.Reliability;

/// <summary>
/// Crash safety of `maria infill --output` (issue 17): a batch SIGKILLed again and again at seeded random points -
/// during start-up, between and inside record writes, and exactly at the rename (strace injects the SIGKILL when the
/// process enters rename(2)) - and resumed each time with --resume ends byte-identical to one uninterrupted run.
/// </summary>
public sealed class BatchKillResumeTests
{
    private const int Records = 24;
    private const int RequiredKills = 21;
    private const int RenameKills = 3;
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(120);

    private enum KillPoint
    {
        AfterDelay,     // a random instant from process start: runtime start-up, package load or the first records
        AfterLines,     // a random instant just after the .partial file reaches a random number of lines
        AtRename,       // the kernel-level kill when the process enters rename(2)
    }

    [Fact]
    public void A_batch_killed_at_21_seeded_points_and_resumed_each_time_ends_byte_identical_to_an_uninterrupted_run()
    {
        using var folder = new TemporaryFolder();
        string input = BatchRecords.Write(folder.File("records.jsonl"), Records);
        string reference = folder.File("reference.txt");
        var (referenceCode, referenceErrors) = BatchRecords.RunInProcess("infill", "--model", BatchRecords.Package, "--input", input, "--output", reference);
        Assert.Equal(1, referenceCode);  // the broken line 5 fails, the others complete
        Assert.Contains("error: record 5: line 5: invalid JSON", referenceErrors, StringComparison.Ordinal);
        byte[] expected = File.ReadAllBytes(reference);
        Assert.Equal(Records, expected.Count(b => b == (byte)'\n'));

        string output = folder.File("out.txt");
        string partial = output + ".partial";
        var random = new Random(20261204);
        var plan = Plan(random);
        int kills = 0, renameKills = 0, completions = 0, round = 0;
        bool resume = false;   // the first run starts the job; after a completion the next run starts a new one
        var log = new List<string>();
        while (kills < RequiredKills)
        {
            Assert.True(round < 60, $"only {kills} kills in {round} rounds: {string.Join("; ", log)}");
            var point = plan[round % plan.Count];
            int linesBefore = BatchRecords.CompleteLines(partial);
            var args = new List<string> { "infill", "--model", BatchRecords.Package, "--input", input, "--output", output,
                "--batch-size", random.Next(3) switch { 0 => "1", 1 => "3", _ => "8" } };
            if (resume)
            {
                args.Add("--resume");
            }
            int code = RunAndKill(folder.Path, args, point, random, partial, linesBefore);
            resume = true;
            round++;
            log.Add($"{point}@{linesBefore}->{code}");
            if (code == 137)
            {
                kills++;
                if (point == KillPoint.AtRename)
                {
                    // Killed inside the rename: every record is in the .partial file and the final name is not yet taken.
                    renameKills++;
                    Assert.Equal(Records, BatchRecords.CompleteLines(partial));
                }
                // Whatever the instant, the .partial file is a byte prefix of the uninterrupted output (a cut last line included).
                if (File.Exists(partial))
                {
                    byte[] written = BatchRecords.ReadShared(partial);
                    Assert.True(written.AsSpan().SequenceEqual(expected.AsSpan(0, Math.Min(written.Length, expected.Length))) && written.Length <= expected.Length,
                        $"round {round} ({point}): the .partial file ({written.Length} bytes) is not a prefix of the uninterrupted output");
                }
            }
            else
            {
                // The kill came after the process had finished: a complete run, the same file and exit code as the reference.
                completions++;
                Assert.Equal(referenceCode, code);
                Assert.Equal(expected, File.ReadAllBytes(output));
                Assert.False(File.Exists(partial));
                // --resume of a finished job does not run it again, so there would be nothing left to kill: the next
                // round starts the job over (without --resume, which replaces the finished file).
                resume = false;
            }
        }

        using (var last = MariaChildProcess.Start(folder.Path, ["infill", "--model", BatchRecords.Package, "--input", input, "--output", output, "--resume"]))
        {
            Assert.Equal(referenceCode, last.WaitForExit(RunLimit));
        }
        Assert.Equal(expected, File.ReadAllBytes(output));
        Assert.False(File.Exists(partial));
        Assert.True(kills >= 20, string.Join("; ", log));
        // At least the plan's 3 (a round that completed instead of being killed makes the plan wrap, repeating points).
        Assert.True(renameKills >= RenameKills, $"{renameKills} kills at the rename: {string.Join("; ", log)}");
    }

    /// <summary>21 kill points in a seeded order: 3 at the rename, 5 after a delay, 13 after a number of lines.</summary>
    private static List<KillPoint> Plan(Random random)
    {
        var plan = Enumerable.Repeat(KillPoint.AtRename, RenameKills)
            .Concat(Enumerable.Repeat(KillPoint.AfterDelay, 5))
            .Concat(Enumerable.Repeat(KillPoint.AfterLines, RequiredKills - RenameKills - 5)).ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(plan));
        return plan;
    }

    private static int RunAndKill(string folder, List<string> args, KillPoint point, Random random, string partial, int linesBefore)
    {
        using var child = MariaChildProcess.Start(folder, args, killAtRename: point == KillPoint.AtRename);
        switch (point)
        {
            case KillPoint.AfterDelay:
                if (!WaitUntil(() => child.HasExited, TimeSpan.FromMilliseconds(random.Next(0, 1500))))
                {
                    child.Kill();
                }
                break;
            case KillPoint.AfterLines:
                int target = random.Next(linesBefore, Records + 1);
                int spinMicroseconds = random.Next(0, 3000);
                if (WaitUntil(() => child.HasExited || BatchRecords.CompleteLines(partial) >= target, RunLimit) && !child.HasExited)
                {
                    var spin = Stopwatch.StartNew();
                    while (spin.Elapsed.TotalMicroseconds < spinMicroseconds)
                    {
                        Thread.SpinWait(20);
                    }
                    child.Kill();
                }
                break;
        }
        return child.WaitForExit(RunLimit);
    }

    /// <summary>Polls every millisecond; true when the condition held before the limit.</summary>
    private static bool WaitUntil(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (condition())
            {
                return true;
            }
            Thread.Sleep(1);
        }
        return condition();
    }
}
