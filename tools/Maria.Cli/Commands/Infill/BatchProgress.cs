using System.Globalization;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Infill;

/// <summary>
/// Progress of a file batch (infill, embed) on stderr through the tools' <see cref="ProgressLine"/>: a bar on a
/// terminal, otherwise a line every few seconds (logs stay readable), and a closing summary.
/// </summary>
internal sealed class BatchProgress(TextWriter error, int total, bool enabled)
{
    private readonly ProgressLine display = new(error, ProgressLine.IsTerminal(error));
    private TimeSpan lastLine = TimeSpan.Zero;

    public void Advance(int done, TimeSpan elapsed)
    {
        if (!enabled)
        {
            return;
        }
        bool line = elapsed - lastLine > TimeSpan.FromSeconds(5) || done == total;
        if (line)
        {
            lastLine = elapsed;
        }
        double rate = done / Math.Max(elapsed.TotalSeconds, 1e-9);
        var remaining = TimeSpan.FromSeconds((total - done) / Math.Max(rate, 1e-9));
        display.Report(done, total, string.Create(CultureInfo.InvariantCulture, $"progress: {done}/{total} texts, {rate:F1} texts/s, {remaining:hh\\:mm\\:ss} left"), elapsed, line);
    }

    public void Finish(TimeSpan elapsed, int failures)
    {
        if (enabled)
        {
            display.Message(string.Create(CultureInfo.InvariantCulture, $"done: {total} texts in {elapsed.TotalSeconds:F1} s, {failures} failed"));
        }
    }
}
