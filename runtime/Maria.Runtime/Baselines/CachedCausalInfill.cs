using System.Diagnostics;
using Maria.Runtime.Inference;
using Maria.Runtime.Packaging;
using Maria.Runtime.Sampling;

namespace Maria.Runtime.Baselines;

/// <summary>
/// Infilling that walks left to right with the causal model's KV cache like MARIA (maria-method.md §5) but chooses
/// each mask from logits other than the trained head's: the causal model's own (<c>ar</c>: it ignores everything to
/// the right of the mask) or the product of experts (ar_logits + mlm_logits) / 2 with the MLM's logits from one pass
/// over the masked text (<c>product</c>: what an untrained head computes). One decoder call per mask.
/// </summary>
internal sealed class CachedCausalInfill(VocabularyManifest vocabulary, EncoderSession encoder, DecoderSession decoder)
{
    public BaselineResult Fill(int[] tokens, int[] masks, bool withMlm, SamplingOptions sampling, CancellationToken cancellation)
    {
        var total = Stopwatch.StartNew();
        var sampler = new TokenSampler(sampling);
        var chosen = new int[masks.Length];
        var probabilities = new float[masks.Length];
        if (masks.Length == 0)
        {
            return new BaselineResult(chosen, probabilities, total.Elapsed, TimeSpan.Zero, TimeSpan.Zero, 0, 0);
        }
        var encoderTime = TimeSpan.Zero;
        float[] mlmLogits = [];   // [masks, V_s] from the masked text, every mask read as [MASK]
        if (withMlm)
        {
            long started = Stopwatch.GetTimestamp();
            mlmLogits = encoder.Run(new EncoderRequest(ModelStreams.Masked(vocabulary, tokens, masks), [], ModelStreams.MaskedRows(masks)), cancellation).Logits;
            encoderTime = Stopwatch.GetElapsedTime(started);
        }
        // AR stream [BOS] x_1 .. x_{last mask}; a mask's token is written once chosen, before the chunk that reads it.
        var stream = ModelStreams.Causal(vocabulary, tokens, masks[^1] + 1);
        int v = decoder.VocabularySize;
        var logits = new float[v];
        var decoderTime = TimeSpan.Zero;
        using var cache = decoder.CreateCache(1, stream.Length);
        for (int k = 0; k < masks.Length; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            // The chunk ends at stream index masks[k] (the state v_{i-1} that predicts x_i).
            int past = cache.Length(0), end = masks[k] + 1;
            var chunk = new DecoderChunk(0, stream.AsMemory(past, end - past), [], ReadOnlyMemory<float>.Empty, [end - past - 1]);
            long started = Stopwatch.GetTimestamp();
            var result = decoder.Run(cache, [chunk], cancellation);
            decoderTime += Stopwatch.GetElapsedTime(started);
            var ar = result.AutoregressiveLogits(0, 0);
            if (withMlm)
            {
                var mlm = mlmLogits.AsSpan(k * v, v);
                for (int j = 0; j < v; j++)
                {
                    logits[j] = (ar[j] + mlm[j]) / 2f;
                }
            }
            else
            {
                ar.CopyTo(logits);
            }
            (chosen[k], probabilities[k]) = sampler.Choose(logits, masks[k]);
            if (masks[k] + 1 < stream.Length)
            {
                stream[masks[k] + 1] = chosen[k];
            }
        }
        return new BaselineResult(chosen, probabilities, total.Elapsed, encoderTime, decoderTime, withMlm ? 1 : 0, masks.Length);
    }
}
