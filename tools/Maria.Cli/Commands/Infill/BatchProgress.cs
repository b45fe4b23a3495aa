using System.Globalization;

namespace Maria.Cli.Commands.Infill;

/// <summary>
/// Progress of a file batch on stderr: a bar redrawn in place on a terminal, otherwise a line every few seconds
/// (logs stay readable), and a closing summary.
/// </summary>
internal sealed class BatchProgress(TextWriter error, int total, bool enabled)
{
    private readonly bool interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
    private TimeSpan lastReport = TimeSpan.Zero;

    public void Advance(int done, TimeSpan elapsed)
    {
        if (!enabled)
        {
            return;
        }
        bool due = interactive ? elapsed - lastReport > TimeSpan.FromMilliseconds(100) : elapsed - lastReport > TimeSpan.FromSeconds(5);
        if (!due && done != total)
        {
            return;
        }
        lastReport = elapsed;
        double rate = done / Math.Max(elapsed.TotalSeconds, 1e-9);
        var remaining = TimeSpan.FromSeconds((total - done) / Math.Max(rate, 1e-9));
        if (interactive)
        {
            int width = 30;
            int filled = (int)((long)width * done / total);
            error.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {rate:F1} texts/s, {remaining:hh\\:mm\\:ss} left "));
        }
        else
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"progress: {done}/{total} texts, {rate:F1} texts/s, {remaining:hh\\:mm\\:ss} left"));
        }
    }

    public void Finish(TimeSpan elapsed, int failures)
    {
        if (!enabled)
        {
            return;
        }
        if (interactive)
        {
            error.WriteLine();
        }
        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done: {total} texts in {elapsed.TotalSeconds:F1} s, {failures} failed"));
    }
}
