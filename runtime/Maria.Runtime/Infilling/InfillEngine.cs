using System.Diagnostics;
using Maria.Runtime.Inference;
using Maria.Runtime.Packaging;
using Maria.Runtime.Sampling;
using Maria.Runtime.Tokenization;

namespace Maria.Runtime.Infilling;

/// <summary>
/// The paper's Algorithm 1 with explicit chunking (maria-method.md §5): one MLM pass keeps u_i for the masks;
/// the AR model then reads <c>[BOS] x_1 .. x_{i1-1}</c> in one call, the head turns its last state and u_{i1} into
/// logits, a token is chosen, and the chosen token plus the known run up to the next mask is the next chunk on top
/// of the KV cache. Adjacent masks are single-token steps; the head runs once per chunk, at its last position.
/// </summary>
internal sealed class InfillEngine
{
    private readonly PackageManifest manifest;
    private readonly HuggingFaceTokenizer tokenizer;
    private readonly EncoderRunner encoder;
    private readonly DecoderRunner decoder;

    public InfillEngine(PackageManifest manifest, HuggingFaceTokenizer tokenizer, EncoderRunner encoder, DecoderRunner decoder)
    {
        this.manifest = manifest;
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.decoder = decoder;
    }

    /// <summary>
    /// Fills every mask of <paramref name="text"/>; <paramref name="onToken"/> (may be null) sees each chosen token
    /// as soon as it is chosen.
    /// </summary>
    public InfillResult Infill(string text, InfillOptions options, Action<FilledToken>? onToken, CancellationToken cancellation)
    {
        var total = Stopwatch.StartNew();
        var phase = Stopwatch.StartNew();
        var masked = MaskedText.Encode(tokenizer, manifest.Vocabulary, text);
        var tokenizeTime = phase.Elapsed;
        if (masked.MaskPositions.Length == 0)
        {
            var none = new InfillTimings(tokenizeTime, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, total.Elapsed, 0);
            return new InfillResult(text, text, [], none, ["the text has no [MASK]; it is returned unchanged"]);
        }
        masked.CheckFits(manifest);
        int[] tokens = masked.Tokens;
        var core = InfillTokens(tokens, masked.MaskPositions, options.EffectiveSampling, reuseCache: true, onToken, cancellation);
        string output = tokenizer.Decode(tokens);
        var timings = new InfillTimings(tokenizeTime, core.Encoder, core.Prefill, core.Steps, core.Sampling, total.Elapsed, core.DecoderCalls);
        return new InfillResult(text, output, core.Tokens, timings, []);
    }

    /// <summary>
    /// The token-level core of Algorithm 1: fills <paramref name="tokens"/> (x_1..x_n, shared ids) in place at
    /// <paramref name="masks"/> (increasing indices; whatever those slots hold is ignored, the MLM sees [MASK]).
    /// With <paramref name="reuseCache"/> false every mask gets a fresh cache and the whole prefix
    /// [BOS] x_1 .. x_{i-1} is recomputed (the paper's "no KV cache" baseline); the choices are the same.
    /// </summary>
    public TokenInfill InfillTokens(int[] tokens, int[] masks, SamplingOptions samplingOptions, bool reuseCache, Action<FilledToken>? onToken, CancellationToken cancellation)
    {
        // 1. One MLM pass on [CLS] x' [SEP]; token x_i (0-based i) sits at stream index i + 1.
        var phase = Stopwatch.StartNew();
        var mlmStream = ModelStreams.Masked(manifest.Vocabulary, tokens, masks);
        var (mlmRows, _) = encoder.Run(mlmStream, ModelStreams.MaskedRows(masks), [], cancellation);
        var encoderTime = phase.Elapsed;

        // 2. Walk the AR stream [BOS] x_1 .. x_n left to right; stream index j + 1 holds x_j.
        var sampler = new TokenSampler(samplingOptions);
        int dMlm = manifest.Encoder.HiddenSize;
        var logits = new float[decoder.VocabularySize];
        var hidden = new float[decoder.ArHiddenSize];
        var stream = new long[tokens.Length + 1];
        stream[0] = manifest.Vocabulary.BosId;
        var filled = new List<FilledToken>(masks.Length);
        TimeSpan prefill = TimeSpan.Zero, steps = TimeSpan.Zero, sampling = TimeSpan.Zero;
        int calls = 0;
        KeyValueCache? cache = null;
        try
        {
            for (int k = 0; k < masks.Length; k++)
            {
                cancellation.ThrowIfCancellationRequested();
                int i = masks[k];
                if (cache is null || !reuseCache)
                {
                    cache?.Dispose();
                    cache = decoder.CreateCache(reuseCache ? masks[^1] + 1 : i + 1);
                }
                for (int j = Math.Max(cache.Length, 1); j <= i; j++)
                {
                    // Known tokens (or tokens chosen for earlier masks) up to the state that predicts x_i.
                    stream[j] = tokens[j - 1];
                }
                var chunk = stream.AsSpan(cache.Length, i + 1 - cache.Length);
                phase.Restart();
                decoder.RunChunk(cache, chunk, [chunk.Length - 1], mlmRows.AsSpan(k * dMlm, dMlm), [], logits, [], hidden, cancellation);
                calls++;
                if (chunk.Length > 1)
                {
                    prefill += phase.Elapsed;
                }
                else
                {
                    steps += phase.Elapsed;
                }

                phase.Restart();
                var (token, probability) = sampler.Choose(logits, i);
                sampling += phase.Elapsed;
                tokens[i] = token;
                var filledToken = new FilledToken(k, i, token, tokenizer.Decode([token]), probability);
                filled.Add(filledToken);
                onToken?.Invoke(filledToken);
            }
        }
        finally
        {
            cache?.Dispose();
        }
        return new TokenInfill(filled, encoderTime, prefill, steps, sampling, calls);
    }

    /// <summary>Tokenises <paramref name="text"/> for scoring or evaluation callers.</summary>
    public MaskedText Encode(string text) => MaskedText.Encode(tokenizer, manifest.Vocabulary, text);
}
