using Maria.Runtime.Inference;
using Maria.Runtime.Packaging;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Testing;

/// <summary>
/// A test's handle on an exported decoder graph: its own one-thread ONNX Runtime session, driven through the runtime's
/// <see cref="DecoderSession"/> (the one place that knows how to call the graph) with a cache of
/// <paramref name="slots"/> texts. <see cref="Run"/> appends a chunk to slot 0; <see cref="RunChunks"/> runs any batch.
/// </summary>
internal sealed class DecoderGraphHarness : IDisposable
{
    private readonly KeyValueCache _cache;

    public DecoderGraphHarness(string modelPath, DecoderManifest manifest, int sharedVocabularySize, int mlmHiddenSize, int slots = 1)
    {
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        Session = new InferenceSession(modelPath, options);
        Decoder = new DecoderSession(Session, manifest, sharedVocabularySize, mlmHiddenSize, modelPath);
        _cache = Decoder.CreateCache(slots, 8);
    }

    public InferenceSession Session { get; }

    public DecoderSession Decoder { get; }

    public KeyValueCache Cache => _cache;

    /// <summary>Tokens already in slot 0.</summary>
    public int Past => _cache.Length(0);

    /// <summary>
    /// Appends <paramref name="ids"/> to slot 0: MARIA logits and hidden states at <paramref name="logitPositions"/> (with MLM
    /// rows <paramref name="mlmRows"/> [n, d_mlm]), AR logits at <paramref name="arLogitPositions"/> (indices into the chunk).
    /// </summary>
    public DecoderOutputs Run(long[] ids, long[] logitPositions, float[] mlmRows, long[] arLogitPositions)
    {
        var result = Decoder.Run(_cache, [new DecoderChunk(0, ids, [.. logitPositions.Select(p => (int)p)], mlmRows, [.. arLogitPositions.Select(p => (int)p)])], CancellationToken.None);
        return new DecoderOutputs(result.Logits, result.ArLogits, result.HiddenStates);
    }

    /// <summary>Runs one call over any set of slots.</summary>
    public DecoderResult RunChunks(IReadOnlyList<DecoderChunk> chunks) => Decoder.Run(_cache, chunks, CancellationToken.None);

    public void Dispose()
    {
        _cache.Dispose();
        Session.Dispose();
    }
}

/// <summary>The three head outputs of one call, row-major: logits [n, V_s], ar_logits [m, V_s], hidden_states [n, d_ar].</summary>
internal sealed record DecoderOutputs(float[] Logits, float[] ArLogits, float[] Hidden);
