using System.Diagnostics;
using System.Text;

namespace Maria.Cli.Tests.Reliability;

/// <summary>
/// `maria` as a real child process (`dotnet maria.dll ...` from the test's output folder), so a test can SIGKILL it
/// at any instant; optionally under strace, which kills it with SIGKILL exactly when it enters rename(2).
/// </summary>
internal sealed class MariaChildProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder stderr = new();
    private readonly StringBuilder stdout = new();

    private MariaChildProcess(Process process)
    {
        this.process = process;
    }

    public static string MariaDll => Path.Combine(AppContext.BaseDirectory, "maria.dll");

    /// <summary>
    /// Starts `maria ARGS`; with <paramref name="killAtRename"/> the kill comes from strace's syscall injection (not under
    /// --seccomp-bpf: strace 6.1 then lets the injected syscall run).
    /// </summary>
    public static MariaChildProcess Start(string workingDirectory, IEnumerable<string> args, bool killAtRename = false)
    {
        var start = new ProcessStartInfo
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (killAtRename)
        {
            start.FileName = Strace;
            foreach (string option in new[] { "-f", "-qq", "-o", "/dev/null", "-e", "trace=rename,renameat,renameat2",
                "-e", "inject=rename,renameat,renameat2:signal=KILL", "dotnet" })
            {
                start.ArgumentList.Add(option);
            }
        }
        else
        {
            start.FileName = "dotnet";
        }
        start.ArgumentList.Add(MariaDll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var child = new MariaChildProcess(process);
        process.ErrorDataReceived += (_, e) => { lock (child.stderr) { child.stderr.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (child.stdout) { child.stdout.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return child;
    }

    /// <summary>strace, which the rename kills need (.ci/run installs it); a missing strace fails the test, never skips it.</summary>
    public static string Strace
    {
        get
        {
            string path = "/usr/bin/strace";
            Assert.True(File.Exists(path), "strace is required for the kill-at-rename test: apt-get install strace (.ci/run does)");
            return path;
        }
    }

    public bool HasExited => process.HasExited;

    /// <summary>The child's process id (its main thread's id).</summary>
    public int Id => process.Id;

    public string Stderr
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    public string Stdout
    {
        get
        {
            lock (stdout)
            {
                return stdout.ToString();
            }
        }
    }

    /// <summary>SIGKILL (Process.Kill on Unix), then waits for the exit.</summary>
    public void Kill()
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Exited on its own just before the kill.
        }
        process.WaitForExit();
    }

    /// <summary>Waits for the exit (and the end of both streams) and returns the exit code; 137 = killed by SIGKILL.</summary>
    public int WaitForExit(TimeSpan limit)
    {
        if (!process.WaitForExit(limit))
        {
            Kill();
            Assert.Fail($"maria did not exit within {limit.TotalSeconds} s; stderr: {Stderr}");
        }
        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }
        process.Dispose();
    }
}
