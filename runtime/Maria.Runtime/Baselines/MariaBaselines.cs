using System.Diagnostics;
using Maria.Runtime.Inference;
using Maria.Runtime.Infilling;
using Maria.Runtime.Masking;
using Maria.Runtime.Packaging;
using Maria.Runtime.Sampling;
using Maria.Runtime.Scoring;

namespace Maria.Runtime.Baselines;

/// <summary>
/// MARIA and the decoders it is compared with, on exact token arrays (shared-vocabulary ids, no [CLS]/[BOS]; masks
/// as increasing positions into the array), so benchmarks and evaluations feed every method the very same input.
/// Each call owns its caches: one instance serves concurrent callers. Get it from <see cref="MariaModel.Baselines"/>.
/// </summary>
internal sealed partial class MariaBaselines
{
    private readonly PackageManifest manifest;
    private readonly InfillEngine engine;
    private readonly MaskedLanguageModelLeftToRight maskedLanguageModel;
    private readonly AutoregressiveGenerator autoregressive;
    private readonly TeacherForcedScorer teacherForced;
    private readonly CachedCausalInfill cachedCausal;
    private readonly Scorer scorer;

    internal MariaBaselines(PackageManifest manifest, InfillEngine engine, EncoderSession encoder, DecoderSession decoder, Scorer scorer)
    {
        this.manifest = manifest;
        this.engine = engine;
        Encoder = encoder;
        Decoder = decoder;
        maskedLanguageModel = new MaskedLanguageModelLeftToRight(manifest.Vocabulary, encoder);
        autoregressive = new AutoregressiveGenerator(manifest.Vocabulary, decoder);
        this.scorer = scorer;
        teacherForced = new TeacherForcedScorer(manifest.Vocabulary, encoder, scorer);
        cachedCausal = new CachedCausalInfill(manifest.Vocabulary, encoder, decoder);
    }

    /// <summary>The longest token array every method accepts: both the MLM stream (n + 2) and the AR stream (n + 1) fit.</summary>
    public int MaxTokens => TextTokens.ContextLimit(manifest);

    internal EncoderSession Encoder { get; }

    internal DecoderSession Decoder { get; }

    internal Scorer Scorer => scorer;

    /// <summary>
    /// MARIA (Algorithm 1) with its KV cache: one MLM pass, then one decoder call per mask on top of the cache.
    /// The values of <paramref name="tokens"/> at the masks are ignored; the array is not modified.
    /// </summary>
    /// <exception cref="MariaInputException">A token is outside the shared vocabulary, the masks are not increasing positions, or the text is longer than <see cref="MaxTokens"/>.</exception>
    public BaselineResult Maria(IReadOnlyList<int> tokens, IReadOnlyList<int> masks, SamplingOptions? sampling = null, CancellationToken cancellation = default) =>
        RunMaria(tokens, masks, sampling, reuseCache: true, cancellation);

    /// <summary>
    /// MARIA without a KV cache (the paper's baseline): same MLM pass, head and choices as <see cref="Maria(IReadOnlyList{int}, IReadOnlyList{int}, SamplingOptions?, CancellationToken)"/>, but for
    /// each mask the prefix <c>[BOS] x_1 .. x_{i-1}</c> is recomputed from scratch in a fresh cache.
    /// </summary>
    /// <exception cref="MariaInputException">As for <see cref="Maria(IReadOnlyList{int}, IReadOnlyList{int}, SamplingOptions?, CancellationToken)"/>.</exception>
    public BaselineResult MariaWithoutCache(IReadOnlyList<int> tokens, IReadOnlyList<int> masks, SamplingOptions? sampling = null, CancellationToken cancellation = default) =>
        RunMaria(tokens, masks, sampling, reuseCache: false, cancellation);

    /// <summary>
    /// The masked LM alone, decoded left to right without a cache: one encoder pass per mask over <c>[CLS] x' [SEP]</c>
    /// with earlier masks filled by their chosen tokens and later ones still <c>[MASK]</c>, choosing from its logits.
    /// </summary>
    /// <exception cref="MariaInputException">As for <see cref="Maria(IReadOnlyList{int}, IReadOnlyList{int}, SamplingOptions?, CancellationToken)"/>.</exception>
    public BaselineResult MaskedLanguageModelLeftToRight(IReadOnlyList<int> tokens, IReadOnlyList<int> masks, SamplingOptions? sampling = null, CancellationToken cancellation = default)
    {
        var (tokenArray, maskArray) = Validate(tokens, masks);
        return maskedLanguageModel.Decode(tokenArray, maskArray, sampling ?? SamplingOptions.Greedy, cancellation);
    }

    /// <summary>
    /// Plain KV-cached generation with the causal model: <c>[BOS] prefix</c> in one call, then <paramref name="count"/>
    /// tokens chosen from its own logits (greedy, or sampled with <paramref name="sampling"/>), one call per token.
    /// </summary>
    /// <exception cref="MariaInputException">A prefix token is outside the shared vocabulary, the count is negative, or prefix + count does not fit the causal model's context.</exception>
    public BaselineResult Autoregressive(IReadOnlyList<int> prefixTokens, int count, SamplingOptions? sampling = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(prefixTokens);
        if (count < 0)
        {
            throw new MariaInputException($"cannot generate {count} tokens; give a count of 0 or more");
        }
        int limit = manifest.Decoder.ContextLength - 1;
        if (prefixTokens.Count + count > limit)
        {
            throw new MariaInputException($"a prefix of {prefixTokens.Count} tokens plus {count} generated tokens is {prefixTokens.Count + count} but the causal model's context holds at most {limit} text tokens; shorten the prefix or generate fewer");
        }
        var prefix = prefixTokens.ToArray();
        CheckVocabulary(prefix, []);
        return autoregressive.Generate(prefix, count, sampling ?? SamplingOptions.Greedy, cancellation);
    }

    /// <summary>
    /// MARIA with its KV cache on many token arrays, <paramref name="batchSize"/> in flight with continuous batching
    /// (each text draws from its own generator seeded by <paramref name="sampling"/>, so its choices are those of
    /// <see cref="Maria(IReadOnlyList{int}, IReadOnlyList{int}, SamplingOptions?, CancellationToken)"/> whatever shares its batch). Results in input order; timings are each text's share of the wall time.
    /// </summary>
    /// <exception cref="MariaInputException">As for <see cref="Maria(IReadOnlyList{int}, IReadOnlyList{int}, SamplingOptions?, CancellationToken)"/>, naming the first bad text.</exception>
    public BaselineResult[] Maria(IReadOnlyList<MaskedTokens> texts, int batchSize, SamplingOptions? sampling = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        MariaInputException.ThrowIfBatchSizeBelowOne(batchSize);
        var jobs = texts.Select(t => Validate(t.Tokens, t.Masks)).Select(v => new InfillJob(v.Tokens, v.Masks, sampling ?? SamplingOptions.Greedy)).ToList();
        var outcomes = engine.InfillTokens(jobs, batchSize, cancellation);
        return outcomes.Select(o => o.Error is { } e ? throw e : ToBaseline(o.Result!, TimeSpan.Zero)).ToArray();
    }

    private static BaselineResult ToBaseline(TokenInfill core, TimeSpan total) => new(
        core.Tokens.Select(t => t.TokenId).ToArray(), core.Tokens.Select(t => t.Probability).ToArray(), total,
        core.Encoder, core.Prefill + core.Steps, 1, core.DecoderCalls);

    private BaselineResult RunMaria(IReadOnlyList<int> tokens, IReadOnlyList<int> masks, SamplingOptions? sampling, bool reuseCache, CancellationToken cancellation)
    {
        var total = Stopwatch.StartNew();
        var (tokenArray, maskArray) = Validate(tokens, masks);
        if (maskArray.Length == 0)
        {
            return new BaselineResult([], [], total.Elapsed, TimeSpan.Zero, TimeSpan.Zero, 0, 0);
        }
        var core = engine.InfillTokens(tokenArray, maskArray, sampling ?? SamplingOptions.Greedy, reuseCache, null, cancellation);
        return ToBaseline(core, total.Elapsed);
    }

    /// <summary>Copies the inputs after checking vocabulary, mask order and length: <see cref="TokenInput.ForFilling"/>, the one validation path.</summary>
    private (int[] Tokens, int[] Masks) Validate(IReadOnlyList<int> tokens, IReadOnlyList<int> masks) =>
        TokenInput.ForFilling(manifest, tokens, masks);

    private void CheckVocabulary(int[] tokens, int[] masks) => TokenInput.CheckVocabulary(manifest, tokens, masks);
}
