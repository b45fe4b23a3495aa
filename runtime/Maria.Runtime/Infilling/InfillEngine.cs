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
        int[] masks = masked.MaskPositions;

        // 1. One MLM pass on [CLS] x' [SEP]; token x_i (0-based i) sits at stream index i + 1.
        phase.Restart();
        var rowIndices = masks.Select(i => i + 1).ToArray();
        var (mlmRows, _) = encoder.Run(BuildMlmStream(tokens), rowIndices, [], cancellation);
        var encoderTime = phase.Elapsed;

        // 2. Walk the AR stream [BOS] x_1 .. x_n left to right; stream index j + 1 holds x_j.
        var sampler = new TokenSampler(options.EffectiveSampling);
        int vocabulary = decoder.VocabularySize;
        int dMlm = manifest.Encoder.HiddenSize;
        var logits = new float[vocabulary];
        var hidden = new float[decoder.ArHiddenSize];
        var stream = new long[tokens.Length + 1];
        stream[0] = manifest.Vocabulary.BosId;
        var filled = new List<FilledToken>(masks.Length);
        TimeSpan prefill = TimeSpan.Zero, steps = TimeSpan.Zero, sampling = TimeSpan.Zero;
        int calls = 0;
        using var cache = decoder.CreateCache(masks[^1] + 1);
        for (int k = 0; k < masks.Length; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            int i = masks[k];
            for (int j = cache.Length; j <= i; j++)
            {
                // Known tokens (or tokens chosen for earlier masks) up to the state that predicts x_i.
                stream[j] = j == 0 ? manifest.Vocabulary.BosId : tokens[j - 1];
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
            var (token, probability) = sampler.Choose(logits);
            sampling += phase.Elapsed;
            tokens[i] = token;
            var filledToken = new FilledToken(k, i, token, tokenizer.Decode([token]), probability);
            filled.Add(filledToken);
            onToken?.Invoke(filledToken);
        }
        string output = tokenizer.Decode(tokens);
        var timings = new InfillTimings(tokenizeTime, encoderTime, prefill, steps, sampling, total.Elapsed, calls);
        return new InfillResult(text, output, filled, timings, []);
    }

    /// <summary>Tokenises <paramref name="text"/> for scoring or evaluation callers.</summary>
    public MaskedText Encode(string text) => MaskedText.Encode(tokenizer, manifest.Vocabulary, text);

    private long[] BuildMlmStream(int[] tokens)
    {
        var stream = new long[tokens.Length + 2];
        stream[0] = manifest.Vocabulary.ClsId;
        for (int i = 0; i < tokens.Length; i++)
        {
            stream[i + 1] = tokens[i];
        }
        stream[^1] = manifest.Vocabulary.SepId;
        return stream;
    }
}
