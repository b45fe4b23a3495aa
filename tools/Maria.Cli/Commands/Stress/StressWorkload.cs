using System.Globalization;
using System.Text;
using Maria.Runtime;
using Maria.Runtime.Generation;
using Maria.Runtime.Infilling;
using Maria.Runtime.Masking;
using Maria.Runtime.Sampling;

namespace Maria.Cli.Commands.Stress;

/// <summary>What one call of the stress workload does.</summary>
internal enum StressKind
{
    Infill,
    Stream,
    Score,
    Generate,
}

/// <summary>
/// One call: its kind, text and seed, and whether (and after how long) it is cancelled. Its outcome is a canonical
/// string (outputs, token ids, log-probabilities in round-trip form, iteration texts), so two runs compare exactly.
/// </summary>
internal sealed record StressCall(int Index, StressKind Kind, string Text, ulong Seed, TimeSpan? CancelAfter);

/// <summary>
/// The mixed workload of `maria stress` and the concurrency tests: seeded infills (greedy and sampled), streams,
/// exact scores and annealed generations on short masked texts, a fifth of them cancelled at a random instant.
/// </summary>
internal static class StressWorkload
{
    private static readonly string[] Texts =
    [
        "The President of the [MASK] States shall from time to time give to the [MASK] information.",
        "The [MASK] of the Union is [MASK].",
        "We must [MASK] our [MASK] and our [MASK] for the years to come.",
        "[MASK] and [MASK][MASK] of the people",
        "The Congress shall have [WORD] to lay and collect [BLANK].",
    ];

    public static List<StressCall> Plan(int count, int seed)
    {
        var random = new SeededRandom((ulong)seed);
        return [.. Enumerable.Range(0, count).Select(index =>
        {
            var kind = (StressKind)random.NextInt(4);
            string text = Texts[random.NextInt(kind is StressKind.Score ? Texts.Length - 1 : Texts.Length)];
            TimeSpan? cancel = random.NextInt(5) == 0 ? TimeSpan.FromMilliseconds(random.NextInt(0, 40)) : null;
            return new StressCall(index, kind, text, (random.NextUInt64() >> 1) + 1, cancel);
        })];
    }

    /// <summary>Runs the call to completion (or its cancellation) and returns its canonical outcome.</summary>
    public static string Run(MariaModel model, StressCall call, CancellationToken cancellation = default)
    {
        // Odd seeds sample (temperature 0.8, top-k 50), even seeds are greedy: both must be reproducible under load.
        var sampling = call.Seed % 2 == 1 ? new SamplingOptions(0.8f, 50, 1f, call.Seed) : SamplingOptions.Greedy;
        var options = new InfillOptions(sampling);
        switch (call.Kind)
        {
            case StressKind.Infill:
                var result = model.Infill(call.Text, options, cancellation);
                return result.Output + "|" + string.Join(',', result.Tokens.Select(t => t.TokenId));
            case StressKind.Stream:
                var text = new StringBuilder();
                var ids = new List<int>();
                foreach (var e in Collect(model.StreamAsync(call.Text, options, cancellation)))
                {
                    text.Append(e.TextDelta);
                    if (e.Token is { } token)
                    {
                        ids.Add(token.TokenId);
                    }
                }
                return text + "|" + string.Join(',', ids);
            case StressKind.Score:
                int masks = model.Tokenizer.Encode(call.Text).Count(id => id == model.Manifest.Vocabulary.MaskId);
                var fills = Enumerable.Range(0, masks).Select(k => (int)((call.Seed + (ulong)k * 7919) % (ulong)model.Manifest.Vocabulary.SharedSize)).ToList();
                var score = model.Score(call.Text, fills, cancellation);
                return string.Join(',', score.LogProbabilities.Select(p => p.ToString("R", CultureInfo.InvariantCulture)));
            default:
                var generation = model.Generate(new GenerationOptions(Length: 12, Iterations: 2, Seed: call.Seed), cancellation);
                return GenerationOutcome(generation.Iterations.Select(i => i.Text), generation.Cancelled);
        }
    }

    /// <summary>
    /// Whether a concurrent outcome agrees with the sequential one: equal, or - for a cancelled call - cancelled
    /// (null) or, for a generation, a prefix of its iterations marked as cancelled.
    /// </summary>
    public static bool Agrees(StressCall call, string expected, string? actual)
    {
        if (actual == expected)
        {
            return true;
        }
        if (call.CancelAfter is null)
        {
            return false;
        }
        if (actual is null)
        {
            return true;
        }
        const string Cancelled = "\ncancelled";
        if (call.Kind != StressKind.Generate || !actual.EndsWith(Cancelled, StringComparison.Ordinal))
        {
            return false;
        }
        string done = actual[..^Cancelled.Length];
        return expected == done || expected.StartsWith(done + "\n", StringComparison.Ordinal);
    }

    /// <summary>Runs the call with its cancellation (if any); null when it was cancelled before producing a result.</summary>
    public static string? RunWithCancellation(MariaModel model, StressCall call)
    {
        using var source = new CancellationTokenSource();
        if (call.CancelAfter is { } delay)
        {
            source.CancelAfter(delay);
        }
        try
        {
            return Run(model, call, source.Token);
        }
        catch (OperationCanceledException) when (source.IsCancellationRequested)
        {
            return null;
        }
    }

    private static string GenerationOutcome(IEnumerable<string> iterations, bool cancelled) =>
        string.Join('\n', iterations) + (cancelled ? "\ncancelled" : "");

    private static List<T> Collect<T>(IAsyncEnumerable<T> items) => items.ToBlockingEnumerable().ToList();
}
