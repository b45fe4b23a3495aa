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

    public InfillEngine(PackageManifest manifest, HuggingFaceTokenizer tokenizer, EncoderSession encoder, DecoderSession decoder)
    {
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
    /// Fills many texts, up to <paramref name="batchSize"/> in flight; <paramref name="onResult"/> sees each text's
    /// index with its result or its one-line error (too long, a special token, the model's non-finite logits) as
    /// soon as it ends, out of order. Texts without a mask come back unchanged with a warning.
    /// </summary>
    public void InfillMany(IEnumerable<string> texts, InfillOptions options, int batchSize, Action<int, InfillResult?, MariaInputException?> onResult, CancellationToken cancellation)
    {
        var prepared = new Dictionary<int, (string Text, Prepared Prepared, Stopwatch Clock)>();
        // The engine numbers the jobs it receives; jobIndices maps its numbers back to text indices (bad texts make no job).
        var jobIndices = new List<int>();
        IEnumerable<InfillJob> Jobs()
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
                jobIndices.Add(current);
                yield return new InfillJob(item.Masked.Tokens, item.Masked.MaskPositions, options.EffectiveSampling, Alternatives: options.Alternatives);
            }
        }
        batches.Run(Jobs(), batchSize, reuseCache: true, outcome =>
        {
            int textIndex = jobIndices[outcome.Index];
            var (text, item, clock) = prepared[textIndex];
            prepared.Remove(textIndex);
            onResult(textIndex, outcome.Error is null ? Finish(text, item, outcome, clock.Elapsed) : null, outcome.Error);
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
    /// The token-level core for many texts at once (continuous batching, <paramref name="batchSize"/> in flight); each
    /// job's tokens are filled in place; outcomes in input order.
    /// </summary>
    public InfillOutcome[] InfillTokens(IReadOnlyList<InfillJob> jobs, int batchSize, CancellationToken cancellation)
    {
        var outcomes = new InfillOutcome[jobs.Count];
        batches.Run(jobs, batchSize, reuseCache: true, outcome => outcomes[outcome.Index] = outcome, cancellation);
        return outcomes;
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
