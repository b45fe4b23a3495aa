using System.Runtime.CompilerServices;
using System.Text;
using Maria.Runtime.Infilling;

namespace Maria.Runtime;

/// <summary>Streaming a text with <c>[WORD]</c> / <c>[BLANK]</c> blanks (docs/BLANKS.md).</summary>
public sealed partial class MariaModel
{
    /// <summary>
    /// A blank's length is only known once the search has weighed every candidate of the blanks after it, so the text
    /// streams when the search is done: one event per filled token (with the text up to it), then the rest, as for
    /// [MASK]s; the deltas concatenate to <see cref="Infill(string, InfillOptions?, CancellationToken)"/>'s output.
    /// </summary>
    private async IAsyncEnumerable<InfillStreamEvent> StreamBlanksAsync(string text, InfillOptions? options, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var (result, tokens) = await Task.Run(() => engine.InfillBlanksWithTokens(text, options ?? InfillOptions.Default, cancellation), cancellation).ConfigureAwait(false);
        var decoder = Tokenizer.CreateIncrementalDecoder();
        int emitted = 0;
        foreach (var token in result.Tokens)
        {
            var delta = new StringBuilder();
            for (; emitted <= token.Position && emitted < tokens.Length; emitted++)
            {
                delta.Append(decoder.Append(tokens[emitted]));
            }
            yield return new InfillStreamEvent(token, delta.ToString());
            cancellation.ThrowIfCancellationRequested();
        }
        var rest = new StringBuilder();
        for (; emitted < tokens.Length; emitted++)
        {
            rest.Append(decoder.Append(tokens[emitted]));
        }
        rest.Append(decoder.Flush());
        yield return new InfillStreamEvent(null, rest.ToString());
    }
}
