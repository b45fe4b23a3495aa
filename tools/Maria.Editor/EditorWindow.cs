using System.Collections.ObjectModel;
using Maria.Runtime;
using Maria.Runtime.Infilling;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Maria.Editor;

// Terminal.Gui 2.5 marks TextView obsolete in favour of EditorView, a separate package the feed does not serve;
// TextView still edits, wraps and pastes, which is all this editor needs.
#pragma warning disable CS0618

/// <summary>
/// The editor's one window: the text being edited (top), the filled text streaming in (middle), the filled masks and
/// the alternatives of the selected one (bottom), a status line. Model work runs off the UI thread; every view change
/// is marshalled back with <see cref="IApplication.Invoke(Action)"/>.
/// </summary>
internal sealed class EditorWindow : Window
{
    /// <summary>Quiet time after the last keystroke before the text is filled again.</summary>
    private static readonly TimeSpan TypingPause = TimeSpan.FromMilliseconds(400);

    private const int AlternativeCount = 8;

    private readonly IApplication app;
    private readonly TextView input;
    private readonly TextView output;
    private readonly ListView fills;
    private readonly ListView alternatives;
    private readonly Label status;
    private readonly ProgressBar loading;
    private readonly ObservableCollection<string> fillRows = [];
    private readonly ObservableCollection<string> alternativeRows = [];
    private readonly List<FilledToken> filledTokens = [];
    private MariaModel? model;
    private FillRun? running;
    private object? pendingFill;

    public EditorWindow(IApplication app)
    {
        this.app = app;
        Title = "maria-editor (F5 fill, Esc cancel, F7/F8 previous/next mask, Ctrl+Q quit)";
        var textFrame = new FrameView { Title = "Text: type [MASK] for a missing token, [WORD] for a word, [BLANK] for a phrase", X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Percent(35) };
        input = new TextView { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(), WordWrap = true };
        textFrame.Add(input);
        var outputFrame = new FrameView { Title = "Filled", X = 0, Y = Pos.Bottom(textFrame), Width = Dim.Fill(), Height = Dim.Percent(35) };
        output = new TextView { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(), WordWrap = true, ReadOnly = true, CanFocus = false };
        outputFrame.Add(output);
        var fillsFrame = new FrameView { Title = "Masks", X = 0, Y = Pos.Bottom(outputFrame), Width = Dim.Percent(50), Height = Dim.Fill(1) };
        fills = new ListView { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill() };
        fills.SetSource(fillRows);
        fillsFrame.Add(fills);
        var alternativesFrame = new FrameView { Title = "Alternatives", X = Pos.Right(fillsFrame), Y = Pos.Bottom(outputFrame), Width = Dim.Fill(), Height = Dim.Fill(1) };
        alternatives = new ListView { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill() };
        alternatives.SetSource(alternativeRows);
        alternativesFrame.Add(alternatives);
        status = new Label { X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Percent(70), Text = "loading model..." };
        loading = new ProgressBar { X = Pos.Right(status), Y = Pos.AnchorEnd(1), Width = Dim.Fill(), Height = 1 };
        Add(textFrame, outputFrame, fillsFrame, alternativesFrame, status, loading);

        input.ContentsChanged += (_, _) => ScheduleFill();
        fills.ValueChanged += (_, _) => ShowAlternatives();
        app.Keyboard.KeyDown += OnKey;
        app.Paste += OnPaste;
    }

    /// <summary>Loads the package in the background, with progress, then fills whatever was typed meanwhile.</summary>
    public async Task LoadAsync(string directory)
    {
        var progress = new Progress<float>(fraction => app.Invoke(() => loading.Fraction = fraction));
        try
        {
            model = await MariaModel.LoadAsync(directory, progress: progress).ConfigureAwait(false);
        }
        catch (MariaInputException e)
        {
            app.Invoke(() => status.Text = $"error: {e.Message}");
            return;
        }
        app.Invoke(() =>
        {
            loading.Fraction = 1f;
            status.Text = $"ready: {Path.GetFileName(Path.TrimEndingDirectorySeparator(directory))}";
            StartFill();
        });
    }

    /// <summary>Stops the running fill and releases the model (waits for its decoder step in flight).</summary>
    public void Close()
    {
        running?.Cancel();
        model?.Dispose();
    }

    private void OnKey(object? sender, Key key)
    {
        if (key == Key.Esc)
        {
            // Esc cancels a fill; it never closes the editor (Ctrl+Q does).
            running?.Cancel();
            key.Handled = true;
        }
        else if (key == Key.F5)
        {
            StartFill();
            key.Handled = true;
        }
        else if (key == Key.F7 || key == Key.F8)
        {
            // The alternatives of the previous or next filled mask, whichever view has the focus.
            SelectFill((fills.SelectedItem ?? 0) + (key == Key.F7 ? -1 : 1));
            key.Handled = true;
        }
        else if (key == Key.Q.WithCtrl)
        {
            app.RequestStop();
            key.Handled = true;
        }
    }

    /// <summary>A paste (bracketed by the terminal) goes into the text in one piece, at the cursor.</summary>
    private void OnPaste(object? sender, PasteEventArgs paste)
    {
        input.InsertText(paste.Text);
        paste.Handled = true;
    }

    /// <summary>Fills again once typing pauses: every edit restarts the wait and cancels a fill of older text.</summary>
    private void ScheduleFill()
    {
        running?.Cancel();
        if (pendingFill is not null)
        {
            app.RemoveTimeout(pendingFill);
        }
        pendingFill = app.AddTimeout(TypingPause, () =>
        {
            pendingFill = null;
            StartFill();
            return false;
        });
    }

    private void StartFill()
    {
        running?.Cancel();
        string text = input.Text.ReplaceLineEndings(" ").TrimEnd();
        if (model is null || text.Length == 0)
        {
            return;
        }
        var run = new FillRun(model, text, AlternativeCount);
        running = run;
        output.Text = "";
        filledTokens.Clear();
        fillRows.Clear();
        alternativeRows.Clear();
        status.Text = run.Progress(0);
        _ = Task.Run(async () =>
        {
            var outcome = await run.RunAsync((delta, token) => app.Invoke(() => Show(run, delta, token))).ConfigureAwait(false);
            app.Invoke(() =>
            {
                if (ReferenceEquals(running, run))
                {
                    status.Text = outcome.Describe();
                    running = null;
                }
            });
        });
    }

    /// <summary>One streamed piece on the UI thread (dropped when a newer fill has started).</summary>
    private void Show(FillRun run, string delta, FilledToken? token)
    {
        if (!ReferenceEquals(running, run))
        {
            return;
        }
        output.Text += delta;
        if (token is not null)
        {
            filledTokens.Add(token);
            fillRows.Add(FillListing.FillRow(token));
            status.Text = run.Progress(filledTokens.Count);
            SelectFill(filledTokens.Count - 1);
        }
    }

    private void SelectFill(int index)
    {
        if (filledTokens.Count > 0)
        {
            fills.SelectedItem = Math.Clamp(index, 0, filledTokens.Count - 1);
            ShowAlternatives();
        }
    }

    private void ShowAlternatives()
    {
        alternativeRows.Clear();
        if (fills.SelectedItem is int selected && selected >= 0 && selected < filledTokens.Count)
        {
            foreach (string row in FillListing.AlternativeRows(filledTokens[selected]))
            {
                alternativeRows.Add(row);
            }
        }
    }
}
