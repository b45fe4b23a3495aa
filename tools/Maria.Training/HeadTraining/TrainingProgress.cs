using System.Globalization;
using Maria.Tools.Common;

namespace Maria.Training.HeadTraining;

/// <summary>
/// Head-training progress on stderr through the tools' <see cref="ProgressLine"/>: on a terminal one bar redrawn in
/// place (step, loss, validation loss, tokens per second, time left); otherwise (logs, tests) one plain line every
/// <see cref="LineEvery"/> steps and at each validation.
/// </summary>
internal sealed class TrainingProgress(TextWriter writer, bool interactive)
{
    private readonly ProgressLine display = new(writer, interactive);

    /// <summary>Steps between plain lines when not interactive.</summary>
    public int LineEvery { get; init; } = 10;

    /// <summary>A free-form line (setup, validation, saving); ends any bar in progress.</summary>
    public void Message(string text) => display.Message(text);

    /// <summary>Reports step <paramref name="step"/> of <paramref name="total"/>.</summary>
    public void Step(int step, int total, double loss, double? validationLoss, double tokensPerSecond, TimeSpan left, bool force)
    {
        string validation = validationLoss is double v ? string.Create(CultureInfo.InvariantCulture, $"  val {v:F4}") : string.Empty;
        string figures = string.Create(CultureInfo.InvariantCulture,
            $"step {step}/{total}  loss {loss:F4}{validation}  {tokensPerSecond:F0} tok/s  left {left:hh\\:mm\\:ss}");
        // Steps are seconds apart: the bar is redrawn at every one.
        display.Report(step, total, figures, TimeSpan.Zero, line: force || step % LineEvery == 0 || step == total, redrawNow: true);
    }
}
