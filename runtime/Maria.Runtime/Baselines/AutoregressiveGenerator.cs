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
    private readonly DecoderRunner decoder;

    public AutoregressiveGenerator(VocabularyManifest vocabulary, DecoderRunner decoder)
    {
        this.vocabulary = vocabulary;
        this.decoder = decoder;
    }

    public BaselineResult Generate(int[] prefix, int count, SamplingOptions sampling, CancellationToken cancellation)
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
        var arLogits = new float[decoder.VocabularySize];
        var decoderTime = TimeSpan.Zero;
        using var cache = decoder.CreateCache(stream.Length);
        int fed = prefix.Length + 1;
        for (int k = 0; k < count; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            var chunk = stream.AsSpan(cache.Length, fed - cache.Length);
            long started = Stopwatch.GetTimestamp();
            decoder.RunChunk(cache, chunk, [], [], [chunk.Length - 1], [], arLogits, [], cancellation);
            decoderTime += Stopwatch.GetElapsedTime(started);
            (chosen[k], probabilities[k]) = sampler.Choose(arLogits, prefix.Length + k);
            if (k + 1 < count)
            {
                stream[fed++] = chosen[k];
            }
        }
        return new BaselineResult(chosen, probabilities, total.Elapsed, TimeSpan.Zero, decoderTime, 0, count);
    }
}
