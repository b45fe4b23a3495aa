using System.Globalization;

namespace Maria.Tools.Common;

/// <summary>
/// The tools' one progress display, on stderr (logs, never data): on a terminal one bar redrawn in place
/// (<c>[#####-----] figures</c>, at most ten times a second); otherwise (a log file, a test's string writer) plain
/// lines, so logs stay readable. The callers say what the figures are (texts/s, loss, time left). Hand-written rather
/// than Spectre.Console's progress: that one needs a live ANSI console of its own and a refresh thread, while these
/// lines must also go to a redirected stream and to the tests' writers, in order.
/// </summary>
internal sealed class ProgressLine(TextWriter writer, bool interactive)
{
    private const int BarWidth = 24;
    private bool barOnLine;
    private TimeSpan lastDrawn = TimeSpan.MinValue;

    /// <summary>True when <paramref name="writer"/> is the process's stderr and that is a terminal.</summary>
    public static bool IsTerminal(TextWriter writer) => ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>Whether the display redraws a bar (a terminal) or prints lines.</summary>
    public bool Interactive => interactive;

    /// <summary>
    /// Shows <paramref name="figures"/> at <paramref name="done"/> of <paramref name="total"/>: redrawn on a terminal
    /// (when <paramref name="elapsed"/> moved on 0.1 s, at the end, or always when <paramref name="redrawNow"/>), else
    /// written as a line when <paramref name="line"/>.
    /// </summary>
    public void Report(long done, long total, string figures, TimeSpan elapsed, bool line, bool redrawNow = false)
    {
        if (interactive)
        {
            if (!redrawNow && elapsed - lastDrawn < TimeSpan.FromMilliseconds(100) && done != total)
            {
                return;
            }
            lastDrawn = elapsed;
            int filled = total <= 0 ? BarWidth : (int)(BarWidth * Math.Clamp(done, 0, total) / total);
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string('-', BarWidth - filled)}] {figures}   "));
            barOnLine = done != total;
            if (done == total)
            {
                writer.Write('\n');
            }
            writer.Flush();
        }
        else if (line)
        {
            writer.WriteLine(figures);
        }
    }

    /// <summary>A free-form line (setup, a summary); ends any bar in progress first, keeping its last state.</summary>
    public void Message(string text)
    {
        if (barOnLine)
        {
            writer.Write('\n');
            barOnLine = false;
        }
        writer.WriteLine(text);
    }
}
