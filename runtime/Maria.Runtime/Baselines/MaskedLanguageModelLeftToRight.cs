using System.Diagnostics;
using Maria.Runtime.Inference;
using Maria.Runtime.Packaging;
using Maria.Runtime.Sampling;

namespace Maria.Runtime.Baselines;

/// <summary>
/// The MLM alone decoded left to right without a cache (maria-method.md §6, the paper's ModernBERT baseline): for
/// each mask in order, one full encoder pass over <c>[CLS] x' [SEP]</c> with earlier masks filled by their chosen
/// tokens and later masks still <c>[MASK]</c>; the token is chosen from <c>mlm_logits</c> at that mask.
/// </summary>
internal sealed class MaskedLanguageModelLeftToRight
{
    private readonly VocabularyManifest vocabulary;
    private readonly EncoderSession encoder;

    public MaskedLanguageModelLeftToRight(VocabularyManifest vocabulary, EncoderSession encoder)
    {
        this.vocabulary = vocabulary;
        this.encoder = encoder;
    }

    /// <summary>Builds the encoder stream [CLS] x' [SEP] ([n + 2]) with every mask position set to [MASK].</summary>
    public long[] MaskedStream(ReadOnlySpan<int> tokens, ReadOnlySpan<int> masks) => ModelStreams.Masked(vocabulary, tokens, masks);

    public BaselineResult Decode(int[] tokens, int[] masks, SamplingOptions sampling, CancellationToken cancellation)
    {
        var total = Stopwatch.StartNew();
        var sampler = new TokenSampler(sampling);
        var stream = MaskedStream(tokens, masks);
        var chosen = new int[masks.Length];
        var probabilities = new float[masks.Length];
        var encoderTime = TimeSpan.Zero;
        for (int k = 0; k < masks.Length; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            int streamIndex = masks[k] + 1;
            long started = Stopwatch.GetTimestamp();
            // mlm_logits: [1, V_s] at the current mask only.
            var logits = encoder.Run(new EncoderRequest(stream, [], [streamIndex]), cancellation).Logits;
            encoderTime += Stopwatch.GetElapsedTime(started);
            (chosen[k], probabilities[k]) = sampler.Choose(logits, masks[k]);
            stream[streamIndex] = chosen[k];
        }
        return new BaselineResult(chosen, probabilities, total.Elapsed, encoderTime, TimeSpan.Zero, masks.Length, 0);
    }
}
