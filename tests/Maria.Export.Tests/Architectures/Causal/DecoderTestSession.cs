using Maria.Runtime.Packaging;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Export.Tests.Architectures.Causal;

/// <summary>
/// Drives an exported decoder graph as the runtime will: one preallocated [batch, kv_heads, context, head_dim] buffer
/// per cache tensor bound as both past and present, an all-ones attention mask of length past + chunk, and every
/// output preallocated. Each <see cref="Run"/> appends the chunk to the cache.
/// </summary>
internal sealed class DecoderTestSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly DecoderManifest _manifest;
    private readonly int _batch;
    private readonly int _vocabulary;
    private readonly List<(OrtValue Key, OrtValue Value)> _caches = [];

    public DecoderTestSession(string modelPath, DecoderManifest manifest, int sharedVocabularySize, int batch = 1)
    {
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(modelPath, options);
        _manifest = manifest;
        _batch = batch;
        _vocabulary = sharedVocabularySize;
        long[] shape = [batch, manifest.NumKeyValueHeads, manifest.ContextLength, manifest.HeadDim];
        for (int layer = 0; layer < manifest.NumLayers; layer++)
        {
            _caches.Add((OrtValue.CreateTensorValueFromMemory(new float[batch * shape[1] * shape[2] * shape[3]], shape),
                         OrtValue.CreateTensorValueFromMemory(new float[batch * shape[1] * shape[2] * shape[3]], shape)));
        }
    }

    public InferenceSession Session => _session;

    /// <summary>Tokens already in the cache.</summary>
    public int Past { get; private set; }

    /// <summary>
    /// Feeds <paramref name="ids"/> ([batch, S] row-major) on top of the cache. Positions are [batch, n] / [batch, m];
    /// <paramref name="mlmRows"/> is [batch, n, d_mlm].
    /// </summary>
    public DecoderOutputs Run(long[] ids, long[] logitPositions, float[] mlmRows, long[] arLogitPositions, int mlmHidden)
    {
        int length = ids.Length / _batch;
        int n = logitPositions.Length / _batch;
        int m = arLogitPositions.Length / _batch;
        int total = Past + length;
        var outputs = new DecoderOutputs(new float[_batch * n * _vocabulary], new float[_batch * m * _vocabulary], new float[_batch * n * _manifest.HiddenSize]);
        var inputValues = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(ids, [_batch, length]),
            OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, _batch * total).ToArray(), [_batch, total]),
            OrtValue.CreateTensorValueFromMemory(logitPositions, [_batch, n]),
            OrtValue.CreateTensorValueFromMemory(mlmRows, [_batch, n, mlmHidden]),
            OrtValue.CreateTensorValueFromMemory(arLogitPositions, [_batch, m]),
        };
        var ownedOutputs = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(outputs.Logits, [_batch, n, _vocabulary]),
            OrtValue.CreateTensorValueFromMemory(outputs.ArLogits, [_batch, m, _vocabulary]),
            OrtValue.CreateTensorValueFromMemory(outputs.Hidden, [_batch, n, _manifest.HiddenSize]),
        };
        try
        {
            var inputNames = new List<string> { GraphNames.InputIds, GraphNames.AttentionMask, GraphNames.LogitPositions, GraphNames.DecoderMlmRows, GraphNames.ArLogitPositions };
            var outputNames = new List<string> { GraphNames.Logits, GraphNames.ArLogits, GraphNames.ArHidden };
            var outputValues = new List<OrtValue>(ownedOutputs);
            var allInputs = new List<OrtValue>(inputValues);
            for (int layer = 0; layer < _caches.Count; layer++)
            {
                inputNames.Add(GraphNames.PastKey(layer));
                inputNames.Add(GraphNames.PastValue(layer));
                allInputs.Add(_caches[layer].Key);
                allInputs.Add(_caches[layer].Value);
                outputNames.Add(GraphNames.PresentKey(layer));
                outputNames.Add(GraphNames.PresentValue(layer));
                outputValues.Add(_caches[layer].Key);
                outputValues.Add(_caches[layer].Value);
            }

            using var runOptions = new RunOptions();
            _session.Run(runOptions, inputNames, allInputs, outputNames, outputValues);
            Past = total;
            return outputs;
        }
        finally
        {
            inputValues.ForEach(value => value.Dispose());
            ownedOutputs.ForEach(value => value.Dispose());
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

/// <summary>The three head outputs of one run, row-major: logits [batch, n, V_s], ar_logits [batch, m, V_s], hidden_states [batch, n, d_ar].</summary>
internal sealed record DecoderOutputs(float[] Logits, float[] ArLogits, float[] Hidden);
