using System.Diagnostics;

namespace Maria.Editor.Tests;

/// <summary>
/// A program running in a detached tmux session of a fixed size, driven as a person would: keys typed with
/// <c>send-keys</c>, text pasted with a bracketed paste, the screen read with <c>capture-pane</c>. Each session has its
/// own tmux server (socket), killed on dispose.
/// </summary>
internal sealed class TmuxSession : IDisposable
{
    /// <summary>Upper bound on waiting for the screen (a failure bound, not a measurement).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly string socket = "maria-editor-tests-" + Guid.NewGuid().ToString("N");

    public TmuxSession(int width, int height, string workingDirectory, params string[] command)
    {
        Tmux(["new-session", "-d", "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", workingDirectory, "--", .. command]);
    }

    /// <summary>Types <paramref name="text"/> key by key.</summary>
    public void Type(string text) => Tmux(["send-keys", "-l", "--", text]);

    /// <summary>Presses keys by tmux name (Escape, F5, Tab, Up, C-q).</summary>
    public void Press(params string[] keys) => Tmux(["send-keys", .. keys]);

    /// <summary>Pastes <paramref name="text"/> as the terminal does (bracketed when the program asked for it).</summary>
    public void Paste(string text)
    {
        Tmux(["set-buffer", "--", text]);
        Tmux(["paste-buffer", "-p"]);
    }

    /// <summary>The screen's text, one string per row.</summary>
    public string Screen() => Tmux(["capture-pane", "-p"]);

    /// <summary>Whether the program is still running (tmux closes the session when it exits).</summary>
    public bool IsRunning() => Run(["has-session"]).ExitCode == 0;

    /// <summary>Reads the screen until <paramref name="condition"/> holds; fails with the last screen after <see cref="Patience"/>.</summary>
    public string WaitFor(Func<string, bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        string screen = "";
        while (clock.Elapsed < Patience)
        {
            if (!IsRunning())
            {
                throw new Xunit.Sdk.XunitException($"the program exited while waiting for {what}; last screen:\n{screen}");
            }
            screen = Screen();
            if (condition(screen))
            {
                return screen;
            }
            Thread.Sleep(100);
        }
        throw new Xunit.Sdk.XunitException($"waited {Patience.TotalSeconds} s for {what}; the screen was:\n{screen}");
    }

    public void Dispose() => Run(["kill-server"]);

    private string Tmux(string[] arguments)
    {
        var (exitCode, output, error) = Run(arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed ({exitCode}): {error.Trim()}; is tmux installed (.ci/run installs it)?");
        }
        return output;
    }

    private (int ExitCode, string Output, string Error) Run(string[] arguments)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true };
        // -u: UTF-8 whatever the locale; -L: this session's own server; -f /dev/null: no user configuration.
        foreach (string argument in new[] { "-u", "-L", socket, "-f", "/dev/null" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}
