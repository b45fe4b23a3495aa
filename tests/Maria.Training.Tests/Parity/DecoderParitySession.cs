using Maria.Runtime.Packaging;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Training.Tests.Parity;

/// <summary>
/// Runs an exported decoder graph the way the runtime will (batch 1): one preallocated [1, kv_heads, context,
/// head_dim] buffer per cache tensor bound as both past and present, an all-ones attention mask of length
/// past + chunk, every output preallocated. Each <see cref="Run"/> appends its chunk to the cache.
/// </summary>
internal sealed class DecoderParitySession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly DecoderManifest _manifest;
    private readonly int _vocabulary;
    private readonly int _mlmHidden;
    private readonly List<(OrtValue Key, OrtValue Value)> _caches = [];
    private int _past;

    public DecoderParitySession(string modelPath, DecoderManifest manifest, int sharedVocabularySize, int mlmHiddenSize)
    {
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(modelPath, options);
        _manifest = manifest;
        _vocabulary = sharedVocabularySize;
        _mlmHidden = mlmHiddenSize;
        long[] shape = [1, manifest.NumKeyValueHeads, manifest.ContextLength, manifest.HeadDim];
        long elements = shape.Aggregate(1L, (a, b) => a * b);
        for (int layer = 0; layer < manifest.NumLayers; layer++)
        {
            _caches.Add((OrtValue.CreateTensorValueFromMemory(new float[elements], shape),
                         OrtValue.CreateTensorValueFromMemory(new float[elements], shape)));
        }
    }

    /// <summary>
    /// Feeds <paramref name="ids"/> on top of the cache; MARIA logits and hidden states at <paramref name="logitPositions"/>
    /// (with MLM rows <paramref name="mlmRows"/> [n, d_mlm]), AR logits at <paramref name="arLogitPositions"/>.
    /// Returns row-major logits [n, V_s], ar_logits [m, V_s], hidden_states [n, d_ar].
    /// </summary>
    public (float[] Logits, float[] ArLogits, float[] Hidden) Run(long[] ids, long[] logitPositions, float[] mlmRows, long[] arLogitPositions)
    {
        int n = logitPositions.Length, m = arLogitPositions.Length, total = _past + ids.Length;
        var logits = new float[n * _vocabulary];
        var arLogits = new float[m * _vocabulary];
        var hidden = new float[n * _manifest.HiddenSize];
        var owned = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length]),
            OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, total).ToArray(), [1, total]),
            OrtValue.CreateTensorValueFromMemory(logitPositions, [1, n]),
            OrtValue.CreateTensorValueFromMemory(mlmRows, [1, n, _mlmHidden]),
            OrtValue.CreateTensorValueFromMemory(arLogitPositions, [1, m]),
            OrtValue.CreateTensorValueFromMemory(logits, [1, n, _vocabulary]),
            OrtValue.CreateTensorValueFromMemory(arLogits, [1, m, _vocabulary]),
            OrtValue.CreateTensorValueFromMemory(hidden, [1, n, _manifest.HiddenSize]),
        };
        try
        {
            var inputNames = new List<string> { GraphNames.InputIds, GraphNames.AttentionMask, GraphNames.LogitPositions, GraphNames.DecoderMlmRows, GraphNames.ArLogitPositions };
            var inputValues = owned.Take(5).ToList();
            var outputNames = new List<string> { GraphNames.Logits, GraphNames.ArLogits, GraphNames.ArHidden };
            var outputValues = owned.Skip(5).ToList();
            for (int layer = 0; layer < _caches.Count; layer++)
            {
                inputNames.AddRange([GraphNames.PastKey(layer), GraphNames.PastValue(layer)]);
                inputValues.AddRange([_caches[layer].Key, _caches[layer].Value]);
                outputNames.AddRange([GraphNames.PresentKey(layer), GraphNames.PresentValue(layer)]);
                outputValues.AddRange([_caches[layer].Key, _caches[layer].Value]);
            }

            using var runOptions = new RunOptions();
            _session.Run(runOptions, inputNames, inputValues, outputNames, outputValues);
            _past = total;
            return (logits, arLogits, hidden);
        }
        finally
        {
            owned.ForEach(value => value.Dispose());
        }
    }

    public void Dispose()
    {
        foreach (var (key, value) in _caches)
        {
            key.Dispose();
            value.Dispose();
        }

        _session.Dispose();
    }
}
