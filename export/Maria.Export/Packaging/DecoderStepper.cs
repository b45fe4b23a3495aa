using Maria.Runtime.Packaging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Maria.Export.Packaging;

/// <summary>
/// Feeds a package decoder chunk by chunk on top of its KV cache, as the runtime engine does: one preallocated native
/// buffer per layer and per key/value ([1, kv_heads, context, head_dim]) bound as both <c>past_key_values.{i}.*</c>
/// and <c>present.{i}.*</c>, so the graph appends in place and no cache bytes cross into managed memory. Batch 1 only
/// (GroupQueryAttention accepts a later chunk of several tokens only for batch 1). Used by verification.
/// </summary>
internal sealed class DecoderStepper : IDisposable
{
    private readonly InferenceSession _session;
    private readonly int _sharedSize;
    private readonly int _mlmHidden;
    private readonly int _context;
    private readonly List<(string Past, string Present, OrtValue Value)> _cache = [];

    public DecoderStepper(InferenceSession session, PackageManifest manifest)
    {
        _session = session;
        _sharedSize = manifest.Vocabulary.SharedSize;
        _mlmHidden = manifest.Encoder.HiddenSize;
        var d = manifest.Decoder;
        _context = d.ContextLength;
        long[] shape = [1, d.NumKeyValueHeads, d.ContextLength, d.HeadDim];
        for (int layer = 0; layer < d.NumLayers; layer++)
        {
            _cache.Add((GraphNames.PastKey(layer), GraphNames.PresentKey(layer), OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, shape)));
            _cache.Add((GraphNames.PastValue(layer), GraphNames.PresentValue(layer), OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, shape)));
        }
        Reset();
    }

    /// <summary>Tokens already in the cache.</summary>
    public int PastLength { get; private set; }

    /// <summary>Empties the cache (zeroes the buffers so no stale rows can leak into a later run).</summary>
    public void Reset()
    {
        foreach (var (_, _, value) in _cache)
        {
            value.GetTensorMutableDataAsSpan<float>().Clear();
        }
        PastLength = 0;
    }

    /// <summary>
    /// Runs one chunk. <paramref name="logitPositions"/> (n, within the chunk) get MARIA logits from the MLM rows
    /// <paramref name="mlmRows"/> ([n, d_mlm] row-major); <paramref name="arLogitPositions"/> (m) get AR-only logits.
    /// Returns ([n, V_s], [m, V_s]) row-major.
    /// </summary>
    public (float[] Logits, float[] ArLogits) Run(long[] chunk, long[] logitPositions, float[] mlmRows, long[] arLogitPositions, RunOptions runOptions)
    {
        if (PastLength + chunk.Length > _context)
        {
            throw new InvalidOperationException($"chunk of {chunk.Length} tokens after {PastLength} overflows the {_context}-token cache");
        }
        var logits = new float[logitPositions.Length * _sharedSize];
        var arLogits = new float[arLogitPositions.Length * _sharedSize];
        var owned = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(chunk, [1, chunk.Length]),
            OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, PastLength + chunk.Length).ToArray(), [1, PastLength + chunk.Length]),
            OrtValue.CreateTensorValueFromMemory(logitPositions, [1, logitPositions.Length]),
            OrtValue.CreateTensorValueFromMemory(mlmRows, [1, logitPositions.Length, _mlmHidden]),
            OrtValue.CreateTensorValueFromMemory(arLogitPositions, [1, arLogitPositions.Length]),
            OrtValue.CreateTensorValueFromMemory(logits, [1, logitPositions.Length, _sharedSize]),
            OrtValue.CreateTensorValueFromMemory(arLogits, [1, arLogitPositions.Length, _sharedSize]),
        };
        try
        {
            string[] inputNames = [GraphNames.InputIds, GraphNames.AttentionMask, GraphNames.LogitPositions, GraphNames.DecoderMlmRows,
                GraphNames.ArLogitPositions, .. _cache.Select(c => c.Past)];
            OrtValue[] inputs = [.. owned.Take(5), .. _cache.Select(c => c.Value)];
            string[] outputNames = [GraphNames.Logits, GraphNames.ArLogits, .. _cache.Select(c => c.Present)];
            OrtValue[] outputs = [owned[5], owned[6], .. _cache.Select(c => c.Value)];
            _session.Run(runOptions, inputNames, inputs, outputNames, outputs);
        }
        finally
        {
            owned.ForEach(value => value.Dispose());
        }
        PastLength += chunk.Length;
        return (logits, arLogits);
    }

    public void Dispose() => _cache.ForEach(c => c.Value.Dispose());
}
