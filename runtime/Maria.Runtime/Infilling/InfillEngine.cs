using System.Collections.Concurrent;
using System.Diagnostics;
using Maria.Runtime.Blanks;
using Maria.Runtime.Inference;
using Maria.Runtime.Packaging;
using Maria.Runtime.Sampling;
using Maria.Runtime.Tokenization;

namespace Maria.Runtime.Infilling;

/// <summary>
/// Text-level infilling on top of <see cref="BatchInfillEngine"/>: tokenises, checks the context, fills, decodes the
/// output text; one text, or many with continuous batching (per-text errors never stop the others).
/// </summary>
internal sealed partial class InfillEngine
{
    private readonly PackageManifest manifest;
    private readonly HuggingFaceTokenizer tokenizer;
    private readonly BatchInfillEngine batches;

    /// <summary>Batches decoded side by side by the many-text calls (<see cref="MariaModelOptions.Workers"/>).</summary>
    private readonly int workers;

    public InfillEngine(PackageManifest manifest, HuggingFaceTokenizer tokenizer, EncoderSession encoder, DecoderSession decoder, int workers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        this.workers = workers;
        this.manifest = manifest;
        this.tokenizer = tokenizer;
        batches = new BatchInfillEngine(manifest.Vocabulary, encoder, decoder, token => tokenizer.Decode([token]));
        blankSearch = new Lazy<BlankSearch>(() => CreateBlankSearch(encoder, decoder));
    }

    /// <summary>
    /// Fills every mask of <paramref name="text"/>; <paramref name="onToken"/> (may be null) sees each chosen token
    /// as soon as it is chosen.
    /// </summary>
    public InfillResult Infill(string text, InfillOptions options, Action<FilledToken>? onToken, CancellationToken cancellation) =>
        BlankTemplate.HasBlanks(text) ? InfillBlanks(text, options, cancellation) : Infill(text, Prepare(text), options, onToken, cancellation);

    /// <summary>As <see cref="Infill(string, InfillOptions, Action{FilledToken}?, CancellationToken)"/> for a text without blanks that <see cref="Prepare"/> has tokenised (its tokens are filled in place).</summary>
    public InfillResult Infill(string text, Prepared prepared, InfillOptions options, Action<FilledToken>? onToken, CancellationToken cancellation)
    {
        var total = Stopwatch.StartNew();
        InfillResult? result = null;
        MariaInputException? error = null;
        var job = new InfillJob(prepared.Masked.Tokens, prepared.Masked.MaskPositions, options.EffectiveSampling, onToken, Alternatives: options.Alternatives);
        batches.Run([job], 1, reuseCache: true, outcome => (result, error) = (Finish(text, prepared, outcome, prepared.Tokenize + total.Elapsed), outcome.Error), cancellation);
        return error is null ? result! : throw error;
    }

    /// <summary>
    /// Fills many texts, up to <paramref name="batchSize"/> in flight in each of the engine's workers' batches,
    /// decoded side by side (threads of their own, sharing the sessions and pulling the next text when a slot frees);
    /// <paramref name="onResult"/> sees each text's index with its result or its one-line error (too long, a special
    /// token, the model's non-finite logits) as soon as it ends, out of order, and from the workers' threads at once when
    /// there are several. Texts without a mask come back unchanged with a warning.
    /// </summary>
    public void InfillMany(IEnumerable<string> texts, InfillOptions options, int batchSize, Action<int, InfillResult?, MariaInputException?> onResult,
        CancellationToken cancellation)
    {
        var prepared = new ConcurrentDictionary<int, (string Text, Prepared Prepared, Stopwatch Clock)>();
        // Read by one worker at a time (the source's lock): bad texts and blank templates are answered here, the others
        // become jobs numbered by their text index.
        IEnumerable<(int TextIndex, InfillJob Job)> Jobs()
        {
            int index = 0;
            foreach (string text in texts)
            {
                int current = index++;
                if (BlankTemplate.HasBlanks(text))
                {
                    InfillBlanks(current, text, options, onResult, cancellation);
                    continue;
                }
                var clock = Stopwatch.StartNew();
                Prepared item;
                try
                {
                    item = Prepare(text);
                }
                catch (MariaInputException e)
                {
                    onResult(current, null, e);
                    continue;
                }
                prepared[current] = (text, item, clock);
                yield return (current, new InfillJob(item.Masked.Tokens, item.Masked.MaskPositions, options.EffectiveSampling, Alternatives: options.Alternatives));
            }
        }
        RunJobs(Jobs(), batchSize, (textIndex, outcome) =>
        {
            prepared.TryRemove(textIndex, out var item);
            onResult(textIndex, outcome.Error is null ? Finish(item.Text, item.Prepared, outcome, item.Clock.Elapsed) : null, outcome.Error);
        }, cancellation);
    }

    /// <summary>
    /// The token-level core of Algorithm 1 for one text: fills <paramref name="tokens"/> (x_1..x_n, shared ids) in place at
    /// <paramref name="masks"/> (increasing indices; whatever those slots hold is ignored, the MLM sees [MASK]).
    /// With <paramref name="reuseCache"/> false every mask recomputes the whole prefix (the paper's "no KV cache" baseline).
    /// </summary>
    public TokenInfill InfillTokens(int[] tokens, int[] masks, SamplingOptions samplingOptions, bool reuseCache, Action<FilledToken>? onToken, CancellationToken cancellation)
    {
        InfillOutcome? last = null;
        batches.Run([new InfillJob(tokens, masks, samplingOptions, onToken)], 1, reuseCache, outcome => last = outcome, cancellation);
        return last!.Error is { } error ? throw error : last.Result!;
    }

    /// <summary>
    /// The token-level core for many texts at once (continuous batching, <paramref name="batchSize"/> in flight in each
    /// of the engine's workers' batches); each job's tokens are filled in place; outcomes in input order.
    /// </summary>
    public InfillOutcome[] InfillTokens(IReadOnlyList<InfillJob> jobs, int batchSize, CancellationToken cancellation)
    {
        var outcomes = new InfillOutcome[jobs.Count];
        RunJobs(jobs.Select((job, index) => (index, job)), batchSize, (index, outcome) => outcomes[index] = outcome with { Index = index }, cancellation);
        return outcomes;
    }

    /// <summary>
    /// Runs numbered jobs through the engine's workers (one batch each, pulling the next job when a slot frees);
    /// <paramref name="onOutcome"/> gets each job's own number with its outcome, from the workers' threads.
    /// </summary>
    private void RunJobs(IEnumerable<(int Index, InfillJob Job)> jobs, int batchSize, Action<int, InfillOutcome> onOutcome, CancellationToken cancellation)
    {
        using var source = new SharedJobSource<(int Index, InfillJob Job)>(jobs);
        SharedJobSource.RunWorkers(workers, stop =>
        {
            // The batch engine numbers the jobs it receives; indices maps its numbers back to the jobs' own.
            var indices = new List<int>();
            IEnumerable<InfillJob> WorkerJobs()
            {
                foreach (var (index, job) in source.Take())
                {
                    indices.Add(index);
                    yield return job;
                }
            }
            batches.Run(WorkerJobs(), batchSize, reuseCache: true, outcome => onOutcome(indices[outcome.Index], outcome), stop);
        }, cancellation);
    }

    /// <summary>Tokenises <paramref name="text"/> for scoring or evaluation callers.</summary>
    public MaskedText Encode(string text) => MaskedText.Encode(tokenizer, manifest.Vocabulary, text);

    /// <summary>Tokenises <paramref name="text"/> and checks that it fits the context (a text without a mask always does).</summary>
    /// <exception cref="MariaInputException">The text is too long or holds a special token other than [MASK].</exception>
    public Prepared Prepare(string text)
    {
        long started = Stopwatch.GetTimestamp();
        var masked = Encode(text);
        var tokenize = Stopwatch.GetElapsedTime(started);
        if (masked.MaskPositions.Length > 0)
        {
            masked.CheckFits(manifest);
        }
        return new Prepared(masked, tokenize);
    }

    private InfillResult Finish(string text, Prepared prepared, InfillOutcome outcome, TimeSpan total)
    {
        if (outcome.Result is not { } core)
        {
            return null!;
        }
        if (prepared.Masked.MaskPositions.Length == 0)
        {
            var none = new InfillTimings(prepared.Tokenize, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, total, 0);
            return new InfillResult(text, text, [], none, ["the text has no [MASK]; it is returned unchanged"]);
        }
        string output = tokenizer.Decode(prepared.Masked.Tokens);
        var timings = new InfillTimings(prepared.Tokenize, core.Encoder, core.Prefill, core.Steps, core.Sampling, total, core.DecoderCalls);
        return new InfillResult(text, output, core.Tokens, timings, []);
    }

    /// <summary>A tokenised text and the time tokenising it took.</summary>
    internal sealed record Prepared(MaskedText Masked, TimeSpan Tokenize);
}
