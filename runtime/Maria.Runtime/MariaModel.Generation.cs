using System.Runtime.CompilerServices;

namespace Maria.Runtime;

/// <summary>Unconditional generation by simulated annealing (maria-method.md §7).</summary>
public sealed partial class MariaModel
{
    /// <summary>
    /// Unconditional generation by simulated annealing (maria-method.md §7): an AR draft at temperature 1, then
    /// <see cref="GenerationOptions.Iterations"/> rounds of re-masking and MARIA refilling at a falling temperature.
    /// Cancelling after the draft stops within one decoder step and returns the last complete iteration with
    /// <see cref="GenerationResult.Cancelled"/> set; cancelling before the draft is complete throws
    /// <see cref="OperationCanceledException"/> (there is no text yet).
    /// </summary>
    /// <exception cref="MariaInputException">The options are invalid, the prefix holds a special token, or prefix + length does not fit the context.</exception>
    public GenerationResult Generate(GenerationOptions options, CancellationToken cancellation = default) =>
        Generate(options, _ => { }, cancellation);

    /// <summary>
    /// As <see cref="Generate(GenerationOptions, CancellationToken)"/>, calling <paramref name="onIteration"/> with each
    /// iteration as soon as it completes (on the calling thread; it may cancel the token to stop after that iteration).
    /// </summary>
    /// <exception cref="MariaInputException">As for <see cref="Generate(GenerationOptions, CancellationToken)"/>.</exception>
    public GenerationResult Generate(GenerationOptions options, Action<GenerationIteration> onIteration, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(onIteration);
        ObjectDisposedException.ThrowIf(disposed, this);
        var run = Generation.AnnealingRun.Create(options, Manifest, Baselines, engine, Tokenizer);
        var iterations = new List<GenerationIteration>(Math.Min(options.Iterations, 1024) + 1);
        while (run.HasNext)
        {
            try
            {
                iterations.Add(run.Advance(cancellation));
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested && iterations.Count > 0)
            {
                return new GenerationResult(iterations, Cancelled: true);
            }
            onIteration(iterations[^1]);
        }
        return new GenerationResult(iterations, Cancelled: false);
    }

    /// <summary>
    /// Streams annealed generation: one <see cref="GenerationIteration"/> per completed iteration (0..K), each computed
    /// on a worker thread. Cancelling ends the stream (no exception) within one decoder step, after the last complete
    /// iteration; so does leaving the loop early.
    /// </summary>
    /// <exception cref="MariaInputException">As for <see cref="Generate(GenerationOptions, CancellationToken)"/>, raised on the first MoveNextAsync.</exception>
    public async IAsyncEnumerable<GenerationIteration> GenerateStreamAsync(GenerationOptions options, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var run = Generation.AnnealingRun.Create(options, Manifest, Baselines, engine, Tokenizer);
        while (run.HasNext && !cancellation.IsCancellationRequested)
        {
            GenerationIteration iteration;
            try
            {
                iteration = await Task.Run(() => run.Advance(cancellation), CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                yield break;
            }
            yield return iteration;
        }
    }
}
