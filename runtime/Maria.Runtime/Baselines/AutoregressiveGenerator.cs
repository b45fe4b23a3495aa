using System.Diagnostics;
using Maria.Runtime.Inference;
using Maria.Runtime.Packaging;
using Maria.Runtime.Sampling;

namespace Maria.Runtime.Baselines;

/// <summary>
/// Plain KV-cached generation with the package's causal model: prefill <c>[BOS] prefix</c> in one call, then one
/// single-token call per further token, choosing from <c>ar_logits</c> at the last position (no MARIA head, no
/// <c>logit_positions</c>).
/// </summary>
internal sealed class AutoregressiveGenerator
{
    private readonly VocabularyManifest vocabulary;
    private readonly DecoderSession decoder;

    public AutoregressiveGenerator(VocabularyManifest vocabulary, DecoderSession decoder)
    {
        this.vocabulary = vocabulary;
        this.decoder = decoder;
    }

    public BaselineResult Generate(int[] prefix, int count, SamplingOptions sampling, CancellationToken cancellation) =>
        Generate(prefix, count, sampling, null, cancellation);

    /// <summary>As the other overload, generated token k chosen only among <paramref name="allowed"/>[k] (all when null).</summary>
    public BaselineResult Generate(int[] prefix, int count, SamplingOptions sampling, IReadOnlyList<AllowedTokens?>? allowed, CancellationToken cancellation)
    {
        var total = Stopwatch.StartNew();
        var sampler = new TokenSampler(sampling);
        var chosen = new int[count];
        var probabilities = new float[count];
        if (count == 0)
        {
            return new BaselineResult(chosen, probabilities, total.Elapsed, TimeSpan.Zero, TimeSpan.Zero, 0, 0);
        }
        // Stream [BOS] p_1 .. p_n g_1 .. g_{count-1}: the last generated token is never fed back.
        var stream = new long[prefix.Length + count];
        stream[0] = vocabulary.BosId;
        for (int j = 0; j < prefix.Length; j++)
        {
            stream[j + 1] = prefix[j];
        }
        var decoderTime = TimeSpan.Zero;
        var prefillTime = TimeSpan.Zero;
        using var cache = decoder.CreateCache(1, stream.Length);
        int fed = prefix.Length + 1;
        for (int k = 0; k < count; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            int past = cache.Length(0);
            var chunk = new DecoderChunk(0, stream.AsMemory(past, fed - past), [], ReadOnlyMemory<float>.Empty, [fed - past - 1]);
            long started = Stopwatch.GetTimestamp();
            // One text, never sharing a call: its single-token steps take the lone-row kernel (the fastest step).
            var result = decoder.Run(cache, [chunk], cancellation, loneRow: true);
            decoderTime += Stopwatch.GetElapsedTime(started);
            (chosen[k], probabilities[k]) = sampler.Choose(result.AutoregressiveLogits(0, 0), prefix.Length + k, allowed?[k]);
            if (k == 0)
            {
                prefillTime = total.Elapsed;
            }
            if (k + 1 < count)
            {
                stream[fed++] = chosen[k];
            }
        }
        return new BaselineResult(chosen, probabilities, total.Elapsed, TimeSpan.Zero, decoderTime, 0, count, prefillTime);
    }
}
