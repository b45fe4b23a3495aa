using System.Globalization;

namespace Maria.Training.HeadTraining;

/// <summary>
/// Progress on stderr: on a terminal, one bar redrawn in place ([#####-----] step, loss, validation loss, tokens per
/// second, time left); otherwise (logs, tests) one plain line every <see cref="LineEvery"/> steps and at each validation.
/// </summary>
internal sealed class TrainingProgress(TextWriter writer, bool interactive)
{
    private const int BarWidth = 24;
    private bool barOnLine;

    /// <summary>Steps between plain lines when not interactive.</summary>
    public int LineEvery { get; init; } = 10;

    /// <summary>A free-form line (setup, validation, saving); ends any bar in progress.</summary>
    public void Message(string text)
    {
        if (barOnLine)
        {
            writer.Write('\n'); // keep the bar's last state on its own line
            barOnLine = false;
        }
        writer.WriteLine(text);
    }

    /// <summary>Reports step <paramref name="step"/> of <paramref name="total"/>.</summary>
    public void Step(int step, int total, double loss, double? validationLoss, double tokensPerSecond, TimeSpan left, bool force)
    {
        string validation = validationLoss is double v ? string.Create(CultureInfo.InvariantCulture, $"  val {v:F4}") : string.Empty;
        string figures = string.Create(CultureInfo.InvariantCulture,
            $"step {step}/{total}  loss {loss:F4}{validation}  {tokensPerSecond:F0} tok/s  left {left:hh\\:mm\\:ss}");
        if (interactive)
        {
            int filled = total == 0 ? BarWidth : (int)((long)BarWidth * step / total);
            writer.Write("\r[" + new string('#', filled) + new string('-', BarWidth - filled) + "] " + figures + "   ");
            barOnLine = step != total;
            if (step == total)
            {
                writer.Write('\n');
            }
            writer.Flush();
        }
        else if (force || step % LineEvery == 0 || step == total)
        {
            writer.WriteLine(figures);
        }
    }
}
