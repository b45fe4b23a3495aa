using Maria.Runtime.Infilling;

namespace Maria.Runtime;

/// <summary>Filling the masks and blanks of one text.</summary>
public sealed partial class MariaModel
{
    /// <summary>
    /// Fills every <c>[MASK]</c> of <paramref name="text"/> (one token each), and every <c>[WORD]</c> / <c>[BLANK]</c> blank
    /// with a whole word / a phrase of a length chosen by exact likelihood (<see cref="InfillOptions.Blanks"/>,
    /// <see cref="InfillResult.Blanks"/>); a text without a mask comes back unchanged with a warning.
    /// </summary>
    /// <exception cref="MariaInputException">The options are invalid (<see cref="InfillOptions.Validate"/>), the text is longer than the model's context or contains a special token other than [MASK], or a blank marker is misplaced (docs/BLANKS.md).</exception>
    public InfillResult Infill(string text, InfillOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ObjectDisposedException.ThrowIf(disposed, this);
        options ??= InfillOptions.Default;
        options.Validate();
        return engine.Infill(text, options, null, cancellation);
    }
}
