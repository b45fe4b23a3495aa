using System.Diagnostics;

namespace Maria.Cli.Tests.Cluster;

/// <summary>
/// The one-machine Slurm cluster of tools/cluster/slurm-local.sh, started for a test and stopped after it. Test runs
/// of several checkouts on one machine share the daemons' ports, so a lock file keeps them one at a time.
/// </summary>
internal sealed class LocalSlurm : IDisposable
{
    private const string LockPath = "/var/tmp/maria-slurm.lock";
    private readonly FileStream machineLock;

    private LocalSlurm(FileStream machineLock, string configuration)
    {
        this.machineLock = machineLock;
        Configuration = configuration;
    }

    /// <summary>The slurm.conf every client command needs (SLURM_CONF).</summary>
    public string Configuration { get; }

    public static string Script(string name) => Path.Combine(RepositoryFiles.Root, "tools", "cluster", name);

    public static LocalSlurm Start()
    {
        var machineLock = AcquireLock(TimeSpan.FromMinutes(10));
        var (code, stdout, stderr) = Run(null, "bash", Script("slurm-local.sh"), "start");
        if (code != 0)
        {
            machineLock.Dispose();
            Assert.Fail($"tools/cluster/slurm-local.sh start failed ({stderr.Trim()}); Slurm needs root and apt-get install slurmctld slurmd slurm-client munge, as .ci/run does");
        }
        string export = stdout.Split('\n').Single(l => l.StartsWith("export SLURM_CONF=", StringComparison.Ordinal));
        return new LocalSlurm(machineLock, export["export SLURM_CONF=".Length..].Trim());
    }

    /// <summary>Runs a command with SLURM_CONF set (and MARIA, the CLI of this test build).</summary>
    public (int ExitCode, string Stdout, string Stderr) Command(string file, params string[] arguments) =>
        Run(new Dictionary<string, string>
        {
            ["SLURM_CONF"] = Configuration,
            ["MARIA"] = "dotnet " + Path.Combine(AppContext.BaseDirectory, "maria.dll"),
        }, file, arguments);

    /// <summary>A job's (or array element's) state as scontrol shows it: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED...</summary>
    public string JobState(string job)
    {
        var (_, stdout, _) = Command("scontrol", "show", "job", "--oneliner", job);
        string? field = stdout.Split(' ').FirstOrDefault(f => f.StartsWith("JobState=", StringComparison.Ordinal));
        return field?["JobState=".Length..] ?? "UNKNOWN";
    }

    /// <summary>Waits until the job has ended and returns its final state; fails with the queue after the timeout.</summary>
    public string WaitForEnd(string job, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            string state = JobState(job);
            if (state is not ("PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING" or "UNKNOWN"))
            {
                return state;
            }
            Thread.Sleep(200);
        }
        Assert.Fail($"job {job} still {JobState(job)} after {timeout}: {Command("squeue").Stdout}");
        return "";
    }

    public void Dispose()
    {
        Run(null, "bash", Script("slurm-local.sh"), "stop");
        machineLock.Dispose();
    }

    private static FileStream AcquireLock(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock on Linux: another test process waits here.
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.Elapsed < timeout)
            {
                Thread.Sleep(500);
            }
        }
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(Dictionary<string, string>? environment, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), $"{file} {string.Join(' ', arguments)} ran for more than 2 minutes");
        return (process.ExitCode, stdout, stderr.Result);
    }
}
