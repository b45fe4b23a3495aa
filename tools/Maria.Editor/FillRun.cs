using Maria.Runtime;
using Maria.Runtime.Infilling;

namespace Maria.Editor;

/// <summary>
/// One fill of the editor's text, independent of the UI: streams the chosen tokens (<see cref="MariaModel.StreamAsync"/>)
/// with their alternatives, and ends as completed, cancelled (Esc, or a newer edit) or failed (a one-line error).
/// </summary>
internal sealed class FillRun(MariaModel model, string text, int alternatives)
{
    private readonly CancellationTokenSource cancellation = new();

    /// <summary>The masks of the text ([MASK] occurrences), for progress.</summary>
    public int MaskCount { get; } = CountMasks(text);

    /// <summary>Stops the fill within one decoder step.</summary>
    public void Cancel() => cancellation.Cancel();

    /// <summary>
    /// Runs the fill: <paramref name="onDelta"/> sees each piece of output text that became final with the token just
    /// chosen (null for the closing rest); the result says how it ended.
    /// </summary>
    public async Task<FillOutcome> RunAsync(Action<string, FilledToken?> onDelta)
    {
        int filled = 0;
        try
        {
            await foreach (var e in model.StreamAsync(text, new InfillOptions(Alternatives: alternatives), cancellation.Token).ConfigureAwait(false))
            {
                filled += e.Token is null ? 0 : 1;
                onDelta(e.TextDelta, e.Token);
            }
            return new FillOutcome(FillState.Completed, filled, MaskCount, null);
        }
        catch (OperationCanceledException)
        {
            return new FillOutcome(FillState.Cancelled, filled, MaskCount, null);
        }
        catch (MariaInputException e)
        {
            return new FillOutcome(FillState.Failed, filled, MaskCount, e.Message);
        }
        catch (ObjectDisposedException)
        {
            // The editor is closing and has disposed the model.
            return new FillOutcome(FillState.Cancelled, filled, MaskCount, null);
        }
    }

    private static int CountMasks(string text)
    {
        int count = 0;
        for (int at = text.IndexOf("[MASK]", StringComparison.Ordinal); at >= 0; at = text.IndexOf("[MASK]", at + 6, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}

/// <summary>How a fill ended.</summary>
internal enum FillState
{
    Completed,
    Cancelled,
    Failed,
}

/// <summary>How a fill ended, how many of its masks were filled, and the error when it failed.</summary>
internal sealed record FillOutcome(FillState State, int Filled, int Masks, string? Error)
{
    /// <summary>The status line's words for it.</summary>
    public string Describe() => State switch
    {
        FillState.Completed => $"filled {Filled} of {Masks} masks",
        FillState.Cancelled => $"cancelled after {Filled} of {Masks} masks",
        _ => $"error: {Error}",
    };
}
