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

    /// <summary>The masks of the text ([MASK] occurrences, one token each), for progress.</summary>
    public int MaskCount { get; } = Count(text, "[MASK]");

    /// <summary>The blanks of the text ([WORD] and [BLANK]: a length the search chooses), for progress.</summary>
    public int BlankCount { get; } = Count(text, "[WORD]") + Count(text, "[BLANK]");

    /// <summary>The status line while <paramref name="filled"/> tokens have come in.</summary>
    public string Progress(int filled) => $"filling {FillOutcome.Counted(filled, MaskCount, BlankCount)}...";

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
            return new FillOutcome(FillState.Completed, filled, MaskCount, null, BlankCount);
        }
        catch (OperationCanceledException)
        {
            return new FillOutcome(FillState.Cancelled, filled, MaskCount, null, BlankCount);
        }
        catch (MariaInputException e)
        {
            return new FillOutcome(FillState.Failed, filled, MaskCount, e.Message, BlankCount);
        }
        catch (ObjectDisposedException)
        {
            // The editor is closing and has disposed the model.
            return new FillOutcome(FillState.Cancelled, filled, MaskCount, null, BlankCount);
        }
    }

    private static int Count(string text, string marker)
    {
        int count = 0;
        for (int at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + marker.Length, StringComparison.Ordinal))
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

/// <summary>How a fill ended, how many tokens were filled, and the error when it failed.</summary>
internal sealed record FillOutcome(FillState State, int Filled, int Masks, string? Error, int Blanks = 0)
{
    /// <summary>The status line's words for it.</summary>
    public string Describe() => State switch
    {
        FillState.Completed => $"filled {Counted(Filled, Masks, Blanks)}",
        FillState.Cancelled => $"cancelled after {Counted(Filled, Masks, Blanks)}",
        _ => $"error: {Error}",
    };

    /// <summary>
    /// "3 of 5 masks" when every slot is one token; with blanks the token count is unknown until the search has chosen
    /// the lengths, so the tokens are counted against the slots: "4 tokens for 1 mask and 2 blanks".
    /// </summary>
    public static string Counted(int filled, int masks, int blanks) => blanks == 0
        ? $"{filled} of {masks} masks"
        : $"{filled} tokens for {Plural(masks, "mask")} and {Plural(blanks, "blank")}";

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
