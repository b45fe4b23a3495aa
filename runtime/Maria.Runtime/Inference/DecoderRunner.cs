using Maria.Runtime.Packaging;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Runtime.Inference;

/// <summary>
/// Feeds chunks of the AR stream to the decoder on top of a <see cref="KeyValueCache"/> (batch 1) and returns logits
/// only where asked: MARIA logits at <c>logit_positions</c> (with their MLM rows), AR-only logits at
/// <c>ar_logit_positions</c>. Thread-safe; all per-call state lives in the cache and the call's buffers.
/// </summary>
internal sealed class DecoderRunner
{
    private readonly InferenceSession session;
    private readonly DecoderManifest manifest;
    private readonly int vocabularySize;
    private readonly int mlmHiddenSize;
    private readonly string[] inputNames;
    private readonly string[] outputNames;

    public DecoderRunner(InferenceSession session, DecoderManifest manifest, int sharedVocabularySize, int mlmHiddenSize)
    {
        this.session = session;
        this.manifest = manifest;
        vocabularySize = sharedVocabularySize;
        this.mlmHiddenSize = mlmHiddenSize;
        var inputs = new List<string> { GraphNames.InputIds, GraphNames.AttentionMask, GraphNames.LogitPositions, GraphNames.DecoderMlmRows, GraphNames.ArLogitPositions };
        var outputs = new List<string> { GraphNames.Logits, GraphNames.ArLogits, GraphNames.ArHidden };
        for (int layer = 0; layer < manifest.NumLayers; layer++)
        {
            inputs.Add(GraphNames.PastKey(layer));
            inputs.Add(GraphNames.PastValue(layer));
            outputs.Add(GraphNames.PresentKey(layer));
            outputs.Add(GraphNames.PresentValue(layer));
        }
        inputNames = [.. inputs];
        outputNames = [.. outputs];
    }

    public int VocabularySize => vocabularySize;

    public int ArHiddenSize => manifest.HiddenSize;

    public KeyValueCache CreateCache(int capacity) => new(manifest, capacity);

    /// <summary>
    /// Reads <paramref name="tokens"/> at cache positions <c>cache.Length ..</c>, advances the cache, and fills
    /// <paramref name="logits"/> ([n, V_s] for the n <paramref name="logitPositions"/>, using <paramref name="mlmRows"/>
    /// [n, d_mlm]), <paramref name="arLogits"/> ([m, V_s]) and <paramref name="hidden"/> ([n, d_ar]).
    /// </summary>
    public void RunChunk(KeyValueCache cache, ReadOnlySpan<long> tokens, ReadOnlySpan<int> logitPositions, ReadOnlySpan<float> mlmRows,
        ReadOnlySpan<int> arLogitPositions, Span<float> logits, Span<float> arLogits, Span<float> hidden, CancellationToken cancellation)
    {
        int chunk = tokens.Length;
        int total = cache.Length + chunk;
        if (chunk == 0 || total > cache.Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(tokens), $"chunk of {chunk} tokens on {cache.Length} cached exceeds the cache capacity {cache.Capacity}");
        }
        int n = logitPositions.Length;
        int m = arLogitPositions.Length;
        long[] mask = new long[total];
        Array.Fill(mask, 1L);
        var logitsBuffer = new float[n * vocabularySize];
        var arLogitsBuffer = new float[m * vocabularySize];
        var hiddenBuffer = new float[n * manifest.HiddenSize];

        var inputs = new List<OrtValue>(inputNames.Length);
        var outputs = new List<OrtValue>(outputNames.Length);
        try
        {
            inputs.Add(OrtValue.CreateTensorValueFromMemory(tokens.ToArray(), [1, chunk]));
            inputs.Add(OrtValue.CreateTensorValueFromMemory(mask, [1, total]));
            inputs.Add(OrtValue.CreateTensorValueFromMemory(ToLongs(logitPositions), [1, n]));
            inputs.Add(OrtValue.CreateTensorValueFromMemory(mlmRows.ToArray(), [1, n, mlmHiddenSize]));
            inputs.Add(OrtValue.CreateTensorValueFromMemory(ToLongs(arLogitPositions), [1, m]));
            outputs.Add(OrtValue.CreateTensorValueFromMemory(logitsBuffer, [1, n, vocabularySize]));
            outputs.Add(OrtValue.CreateTensorValueFromMemory(arLogitsBuffer, [1, m, vocabularySize]));
            outputs.Add(OrtValue.CreateTensorValueFromMemory(hiddenBuffer, [1, n, manifest.HiddenSize]));
            for (int layer = 0; layer < cache.Layers; layer++)
            {
                inputs.Add(cache.Key(layer));
                inputs.Add(cache.Value(layer));
                // The same native buffers as outputs: GroupQueryAttention writes the new rows in place.
                outputs.Add(cache.Key(layer));
                outputs.Add(cache.Value(layer));
            }
            OrtCall.Run(session, inputNames, inputs, outputNames, outputs, cancellation);
        }
        finally
        {
            // Dispose only the per-call values; the cache's buffers outlive the call.
            foreach (var value in inputs.Take(5).Concat(outputs.Take(3)))
            {
                value.Dispose();
            }
        }
        cache.Length = total;
        logitsBuffer.CopyTo(logits);
        arLogitsBuffer.CopyTo(arLogits);
        hiddenBuffer.CopyTo(hidden);
    }

    private static long[] ToLongs(ReadOnlySpan<int> values)
    {
        var result = new long[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }
        return result;
    }
}
