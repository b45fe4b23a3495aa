using Maria.Training.HeadTraining;

namespace Maria.Training.Tests.HeadTraining;

public sealed class TrainingProgressTests
{
    [Fact]
    public void On_a_terminal_one_bar_is_redrawn_in_place_and_a_message_starts_a_new_line()
    {
        var writer = new StringWriter();
        var progress = new TrainingProgress(writer, interactive: true);
        progress.Step(1, 4, 5.0, null, 100, TimeSpan.FromSeconds(3), force: false);
        progress.Step(2, 4, 4.5, 4.8, 100, TimeSpan.FromSeconds(2), force: false);
        progress.Message("validation step 2: loss 4.8");
        progress.Step(4, 4, 4.0, 4.6, 100, TimeSpan.Zero, force: false);
        string text = writer.ToString();
        Assert.Equal(3, text.Count(c => c == '\r'));
        Assert.Contains("\r[######------------------] step 1/4  loss 5.0000  100 tok/s  left 00:00:03", text, StringComparison.Ordinal);
        Assert.Contains("val 4.8000", text, StringComparison.Ordinal);
        Assert.Contains("   \nvalidation step 2: loss 4.8" + Environment.NewLine + "\r[########################] step 4/4", text, StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void In_a_log_it_writes_a_line_every_few_steps_at_validations_and_at_the_end()
    {
        var writer = new StringWriter();
        var progress = new TrainingProgress(writer, interactive: false) { LineEvery = 5 };
        for (int step = 1; step <= 12; step++)
        {
            progress.Step(step, 12, 1.0, null, 10, TimeSpan.Zero, force: step == 7);
        }
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["step 5/12", "step 7/12", "step 10/12", "step 12/12"], lines.Select(l => l.Split("  ")[0]));
        Assert.DoesNotContain('\r', writer.ToString());
    }
}
