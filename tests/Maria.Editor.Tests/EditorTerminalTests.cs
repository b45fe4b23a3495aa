using System.Reflection;
using System.Text.RegularExpressions;
using Maria.Runtime;
using Maria.Runtime.Infilling;

namespace Maria.Editor.Tests;

/// <summary>
/// maria-editor used as a person uses it: started in a terminal (tmux, 120x36), text typed or pasted, keys pressed,
/// the screen read back. Expected fills and alternatives come from the same library in process.
/// </summary>
public sealed partial class EditorTerminalTests
{
    private const string Sentence = "The [MASK] of the Union is [MASK].";

    private static string ModelDirectory => Path.Combine(RepositoryFiles.Root, "models", "maria-tiny");

    [Fact]
    public void Typed_masks_are_filled_as_the_library_fills_them_and_the_alternatives_follow_the_selected_mask()
    {
        var expected = ExpectedFill(Sentence);
        using var editor = StartEditor();
        editor.WaitFor(screen => screen.Contains("ready: maria-tiny", StringComparison.Ordinal), "the model to load");
        editor.Type(Sentence);
        string screen = editor.WaitFor(s => s.Contains("filled 2 of 2 masks", StringComparison.Ordinal), "the fill to complete");

        Assert.Contains(expected.Output, screen, StringComparison.Ordinal);
        Assert.Contains(FillListing.FillRow(expected.Tokens[0]), screen, StringComparison.Ordinal);
        Assert.Contains(FillListing.FillRow(expected.Tokens[1]), screen, StringComparison.Ordinal);
        // The last filled mask is selected: its alternatives, most probable first, with their probabilities.
        AssertAlternativesShown(screen, expected.Tokens[1]);

        // F7 selects the previous mask, the first one: the alternatives switch to it.
        editor.Press("F7");
        screen = editor.WaitFor(s => AlternativesPane(s).FirstOrDefault() == FillListing.AlternativeRows(expected.Tokens[0]).First(), "the first mask's alternatives");
        AssertAlternativesShown(screen, expected.Tokens[0]);
    }

    [Fact]
    public void Esc_cancels_a_running_fill_and_the_editor_stays_open()
    {
        string masks = string.Join(' ', Enumerable.Repeat("[MASK]", 60));
        using var editor = StartEditor();
        editor.WaitFor(screen => screen.Contains("ready: maria-tiny", StringComparison.Ordinal), "the model to load");
        editor.Paste(masks);
        editor.WaitFor(screen => screen.Contains("filled 60 of 60 masks", StringComparison.Ordinal), "the pasted text to be filled");

        // F5 starts a fill of 60 masks; Esc, read in the same burst of input, stops it before it ends.
        editor.Press("F5", "Escape");
        string screen = editor.WaitFor(s => Cancelled().IsMatch(s), "the status to say the fill was cancelled");
        int filled = int.Parse(Cancelled().Match(screen).Groups["filled"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(filled, 0, 59);
        Assert.True(editor.IsRunning(), "Esc closed the editor instead of cancelling the fill");

        // Still usable: the next fill runs to its end.
        editor.Press("F5");
        editor.WaitFor(s => s.Contains("filled 60 of 60 masks", StringComparison.Ordinal), "a new fill after the cancelled one");
    }

    [Fact]
    public void Ctrl_Q_quits_the_editor()
    {
        using var editor = StartEditor();
        editor.WaitFor(screen => screen.Contains("ready: maria-tiny", StringComparison.Ordinal), "the model to load");
        editor.Press("C-q");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (editor.IsRunning() && clock.Elapsed < TmuxSession.Patience)
        {
            Thread.Sleep(100);
        }
        Assert.False(editor.IsRunning(), "the editor was still running after Ctrl+Q");
    }

    private static void AssertAlternativesShown(string screen, FilledToken token)
    {
        var shown = AlternativesPane(screen);
        var rows = FillListing.AlternativeRows(token).ToList();
        Assert.Equal(8, rows.Count);
        Assert.Equal(rows, shown.Take(rows.Count));
    }

    /// <summary>The rows of the Alternatives pane: the right-hand box's text, row by row, until its bottom border.</summary>
    private static List<string> AlternativesPane(string screen)
    {
        var lines = screen.Split('\n');
        int header = Array.FindIndex(lines, line => line.Contains("Alternatives", StringComparison.Ordinal));
        if (header < 0)
        {
            return [];
        }
        int left = lines[header].IndexOf("╭┤Alternatives", StringComparison.Ordinal);
        var rows = new List<string>();
        for (int i = header + 1; i < lines.Length && lines[i].Length > left + 1 && lines[i][left] == '│'; i++)
        {
            string row = lines[i][(left + 1)..].TrimEnd('│', ' ');
            if (row.Length > 0)
            {
                rows.Add(row);
            }
        }
        return rows;
    }

    private static InfillResult ExpectedFill(string text)
    {
        using var model = MariaModel.Load(ModelDirectory);
        return model.Infill(text, new InfillOptions(Alternatives: 8));
    }

    private static TmuxSession StartEditor()
    {
        string configuration = typeof(EditorTerminalTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        string editor = Path.Combine(RepositoryFiles.Root, "tools", "Maria.Editor", "bin", configuration, "net10.0", "maria-editor.dll");
        Assert.True(File.Exists(editor), $"missing {editor}: build tools/Maria.Editor");
        return new TmuxSession(120, 36, RepositoryFiles.Root, "dotnet", editor, "--model", ModelDirectory);
    }

    [GeneratedRegex(@"cancelled after (?<filled>\d+) of 60 masks")]
    private static partial Regex Cancelled();
}
