using System.Diagnostics;
using System.Globalization;

namespace Maria.Cli.Tests.Reliability;

/// <summary>
/// A small tmpfs mounted on a folder: a real file system that fills up (ENOSPC) or is read-only (EROFS), so the
/// fault tests exercise the kernel's own errors rather than a fake writer. Mounting needs root, which CI has (a fresh
/// Debian machine, .ci/run as root); where it cannot mount, the test fails saying so instead of skipping.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static TmpfsMount Create(string path, long sizeBytes, bool readOnly = false)
    {
        Directory.CreateDirectory(path);
        string options = string.Create(CultureInfo.InvariantCulture, $"size={sizeBytes}") + (readOnly ? ",ro" : "");
        Mount("-t", "tmpfs", "-o", options, "tmpfs", path);
        return new TmpfsMount(path);
    }

    /// <summary>Grows (or shrinks) the file system in place: "space comes back" without touching its files.</summary>
    public void Resize(long sizeBytes) => Mount("-o", string.Create(CultureInfo.InvariantCulture, $"remount,size={sizeBytes}"), Path);

    public void Dispose()
    {
        using var process = Process.Start(new ProcessStartInfo("umount", ["-l", Path]) { RedirectStandardError = true });
        process?.WaitForExit();
    }

    private static void Mount(params string[] args)
    {
        var start = new ProcessStartInfo("mount", args) { RedirectStandardError = true, RedirectStandardOutput = true };
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"cannot run mount ({e.Message}): the disk-full and read-only tests need root and mount(8); CI runs as root on a fresh Debian machine");
            return;
        }
        using (process)
        {
            string error = process!.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0,
                $"mount {string.Join(' ', args)} failed ({error.Trim()}): the disk-full and read-only tests need root (CAP_SYS_ADMIN) to mount a small tmpfs; CI runs as root on a fresh Debian machine");
        }
    }
}
