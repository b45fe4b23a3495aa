using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Maria.Runtime.Infilling;

namespace Maria.Runtime;

/// <summary>Streaming the infilling of one text, token by token, as UTF-8-safe text deltas.</summary>
public sealed partial class MariaModel
{
    /// <summary>
    /// Streams the infilling of <paramref name="text"/>: one event per chosen token with the text that became final
    /// (UTF-8-safe), then a last event with the rest of the text. Concatenated deltas equal <see cref="Infill(string, InfillOptions?, CancellationToken)"/>'s output.
    /// </summary>
    /// <exception cref="MariaInputException">As for <see cref="Infill(string, InfillOptions?, CancellationToken)"/>, raised on the first MoveNextAsync (the options and the text are checked before the fill starts).</exception>
    public async IAsyncEnumerable<InfillStreamEvent> StreamAsync(string text, InfillOptions? options = null, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ObjectDisposedException.ThrowIf(disposed, this);
        options ??= InfillOptions.Default;
        options.Validate();
        if (Blanks.BlankTemplate.HasBlanks(text))
        {
            await foreach (var blankEvent in StreamBlanksAsync(text, options, cancellation).ConfigureAwait(false))
            {
                yield return blankEvent;
            }
            yield break;
        }
        // Tokenised once: the fill writes its tokens into prepared's array, the deltas are decoded from a copy.
        var prepared = engine.Prepare(text);
        var tokens = prepared.Masked.Tokens.ToArray();
        var channel = Channel.CreateUnbounded<FilledToken>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        // The fill stops when the caller cancels or leaves the loop early, and the enumerator waits until it has.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var producer = Task.Run(() =>
        {
            try
            {
                return engine.Infill(text, prepared, options, token => channel.Writer.TryWrite(token), stop.Token);
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }, stop.Token);

        var decoder = Tokenizer.CreateIncrementalDecoder();
        int emitted = 0;
        bool finished = false;
        try
        {
            await foreach (var token in channel.Reader.ReadAllAsync(cancellation).ConfigureAwait(false))
            {
                tokens[token.Position] = token.TokenId;
                var delta = new System.Text.StringBuilder();
                for (; emitted <= token.Position; emitted++)
                {
                    delta.Append(decoder.Append(tokens[emitted]));
                }
                yield return new InfillStreamEvent(token, delta.ToString());
                // The consumer may cancel while handling an event: stop before the next one even if it is ready.
                cancellation.ThrowIfCancellationRequested();
            }
            finished = true;
        }
        finally
        {
            if (!finished)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await producer.ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or MariaInputException)
                {
                    // The caller is already leaving with its own exception or break.
                }
            }
        }
        var result = await producer.ConfigureAwait(false);
        var rest = new System.Text.StringBuilder();
        if (result.Tokens.Count == 0)
        {
            rest.Append(result.Output);
        }
        else
        {
            for (; emitted < tokens.Length; emitted++)
            {
                rest.Append(decoder.Append(tokens[emitted]));
            }
            rest.Append(decoder.Flush());
        }
        yield return new InfillStreamEvent(null, rest.ToString());
    }
}
