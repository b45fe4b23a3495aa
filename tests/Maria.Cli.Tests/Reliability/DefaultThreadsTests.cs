using Maria.Cli.Tests.Infill;

namespace Maria.Cli.Tests.Reliability;

/// <summary>
/// Without <c>--threads</c>, graph runs go to ONNX Runtime's one process-wide pool, which must have a thread per core:
/// created without a size it ran every graph on the calling thread alone (a 1B int4 package at 0.23-0.27 records/s
/// against 0.32-0.42). Read from the outside: the CPU time of a real <c>maria</c> process's threads in /proc while it decodes.
/// </summary>
[Collection(InfillPackageCollection.Name)]
public sealed class DefaultThreadsTests(InfillPackageFixture fixture)
{
    [Fact]
    public void A_lone_workers_graph_runs_use_a_pool_thread_beside_the_calling_one()
    {
        Assert.True(Environment.ProcessorCount >= 2, "this test needs 2 or more cores (the project's machines have 2)");
        string input = fixture.File($"threads-{Guid.NewGuid():N}.txt");
        // Enough work that the child is still decoding when its threads are read twice.
        File.WriteAllLines(input, Enumerable.Repeat("the [MASK] of the [MASK] is [MASK] and the [MASK] are [MASK] in [MASK] and [MASK] .", 20_000));
        using var child = MariaChildProcess.Start(Path.GetDirectoryName(input)!,
            ["infill", "--model", fixture.Package, "--input", input, "--output", input + ".out", "--workers", "1", "--batch-size", "1"]);
        try
        {
            Thread.Sleep(TimeSpan.FromSeconds(3));
            var before = ThreadTicks(child.Id);
            Thread.Sleep(TimeSpan.FromSeconds(3));
            var after = ThreadTicks(child.Id);
            Assert.False(child.HasExited, $"maria ended before its threads were read: {child.Stderr}");

            // CPU ticks each thread spent decoding between the two readings. The graphs are called from a .NET
            // thread-pool thread (named ".NET TP Worker"); ONNX Runtime's pool threads carry the process's own name.
            var spent = after.Where(t => before.ContainsKey(t.Key))
                .Select(t => (Thread: t.Key, t.Value.Name, Ticks: t.Value.Ticks - before[t.Key].Ticks)).ToArray();
            string report = string.Join(", ", spent.Where(t => t.Ticks > 0).Select(t => $"{t.Name} {t.Thread}: {t.Ticks}"));
            long calling = spent.Where(t => t.Name.StartsWith(".NET", StringComparison.Ordinal)).Max(t => t.Ticks);
            long pool = spent.Where(t => t.Thread != child.Id && !t.Name.StartsWith(".NET", StringComparison.Ordinal)).Select(t => t.Ticks).DefaultIfEmpty(0).Max();
            Assert.True(calling > 0, report);
            Assert.True(pool >= calling / 10, $"no ONNX Runtime pool thread computed beside the calling thread: {report}");
        }
        finally
        {
            child.Kill();
        }
    }

    /// <summary>Thread id to (name, user + system CPU ticks), from /proc/PID/task.</summary>
    private static Dictionary<int, (string Name, long Ticks)> ThreadTicks(int pid)
    {
        var result = new Dictionary<int, (string Name, long Ticks)>();
        foreach (string task in Directory.GetDirectories($"/proc/{pid}/task"))
        {
            try
            {
                string name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
                // stat: "tid (comm) state ..."; the comm may hold spaces, so fields are counted after the last ')'.
                string stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                result[int.Parse(Path.GetFileName(task))] = (name, long.Parse(fields[11]) + long.Parse(fields[12]));   // utime, stime
            }
            catch (IOException)
            {
                // The thread ended between the listing and the read.
            }
        }
        return result;
    }
}
