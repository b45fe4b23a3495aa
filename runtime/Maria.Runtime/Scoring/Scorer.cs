using Maria.Runtime.Inference;
using Maria.Runtime.Numerics;
using Maria.Runtime.Packaging;

namespace Maria.Runtime.Scoring;

/// <summary>
/// Exact likelihood (maria-method.md §6): one MLM pass on the masked stream and one teacher-forced AR pass over
/// <c>[BOS] x_1 .. x_{last mask - 1}</c>, with the MARIA head at every masked position. No sampling, no bound.
/// </summary>
internal sealed class Scorer
{
    private readonly PackageManifest manifest;
    private readonly EncoderRunner encoder;
    private readonly DecoderRunner decoder;

    public Scorer(PackageManifest manifest, EncoderRunner encoder, DecoderRunner decoder)
    {
        this.manifest = manifest;
        this.encoder = encoder;
        this.decoder = decoder;
    }

    /// <summary>
    /// log p(x_i | x_U) for each i in <paramref name="maskPositions"/> (increasing indices into
    /// <paramref name="tokens"/>, which hold the TRUE tokens everywhere).
    /// </summary>
    public double[] LogProbabilities(ReadOnlySpan<int> tokens, ReadOnlySpan<int> maskPositions, CancellationToken cancellation)
    {
        int count = maskPositions.Length;
        if (count == 0)
        {
            return [];
        }
        var logits = Logits(tokens, maskPositions, cancellation);
        int vocabulary = decoder.VocabularySize;
        var result = new double[count];
        for (int k = 0; k < count; k++)
        {
            result[k] = LogSoftmax.At(logits.AsSpan(k * vocabulary, vocabulary), tokens[maskPositions[k]], maskPositions[k]);
        }
        return result;
    }

    /// <summary>
    /// The MARIA logits z_i ([masks, V_s]) at each masked position, teacher-forced on <paramref name="tokens"/>
    /// (the AR stream reads the given tokens; the MLM stream sees [MASK] at every masked position).
    /// </summary>
    public float[] Logits(ReadOnlySpan<int> tokens, ReadOnlySpan<int> maskPositions, CancellationToken cancellation)
    {
        int n = tokens.Length;
        int count = maskPositions.Length;
        for (int k = 0; k < count; k++)
        {
            int i = maskPositions[k];
            if (i < 0 || i >= n || (k > 0 && i <= maskPositions[k - 1]))
            {
                throw new ArgumentException("mask positions must be increasing indices into the tokens", nameof(maskPositions));
            }
        }
        var mlmStream = ModelStreams.Masked(manifest.Vocabulary, tokens, maskPositions);
        var (rows, _) = encoder.Run(mlmStream, ModelStreams.MaskedRows(maskPositions), [], cancellation);

        // AR stream [BOS] x_1 .. x_last; the state at stream index i predicts x_i (0-based tokens[i]).
        int last = maskPositions[count - 1];
        var arStream = ModelStreams.Causal(manifest.Vocabulary, tokens, last + 1);
        var logits = new float[count * decoder.VocabularySize];
        using var cache = decoder.CreateCache(last + 1);
        decoder.RunChunk(cache, arStream, maskPositions, rows, [], logits, [], new float[count * decoder.ArHiddenSize], cancellation);
        return logits;
    }
}
