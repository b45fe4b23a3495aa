using Maria.Runtime.Packaging;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Runtime.Inference;

/// <summary>
/// Runs the MLM encoder once on a masked stream <c>[CLS] x'_1 .. x'_n [SEP]</c> (batch 1, no padding) and returns
/// the head-transformed rows u the caller asks for, plus MLM logits at requested stream positions.
/// Thread-safe: ONNX Runtime sessions accept concurrent runs; all buffers are per call.
/// </summary>
internal sealed class EncoderRunner
{
    private readonly InferenceSession session;
    private readonly int hiddenSize;
    private readonly int vocabularySize;

    public EncoderRunner(InferenceSession session, EncoderManifest manifest, int sharedVocabularySize)
    {
        this.session = session;
        hiddenSize = manifest.HiddenSize;
        vocabularySize = sharedVocabularySize;
    }

    /// <summary>
    /// Encodes <paramref name="stream"/> ([CLS] .. [SEP] ids) and copies u at <paramref name="rowIndices"/> (stream
    /// indices) into a [rows, d_mlm] array; MLM logits [logitIndices, V_s] when <paramref name="logitIndices"/> is not empty.
    /// </summary>
    public (float[] Rows, float[] Logits) Run(ReadOnlySpan<long> stream, ReadOnlySpan<int> rowIndices, ReadOnlySpan<int> logitIndices, CancellationToken cancellation)
    {
        int length = stream.Length;
        long[] ids = stream.ToArray();
        long[] mask = new long[length];
        Array.Fill(mask, 1L);
        long[] positions = new long[logitIndices.Length];
        for (int i = 0; i < positions.Length; i++)
        {
            positions[i] = logitIndices[i];
        }
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [1, length]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [1, length]);
        using var positionsValue = OrtValue.CreateTensorValueFromMemory(positions, [1, positions.Length]);
        using var outputs = OrtCall.Run(session,
            [GraphNames.InputIds, GraphNames.AttentionMask, GraphNames.LogitPositions],
            [idsValue, maskValue, positionsValue],
            [GraphNames.MlmHidden, GraphNames.MlmLogits], cancellation);

        // mlm_hidden: [1, length, d_mlm]
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var rows = new float[rowIndices.Length * hiddenSize];
        for (int r = 0; r < rowIndices.Length; r++)
        {
            hidden.Slice(rowIndices[r] * hiddenSize, hiddenSize).CopyTo(rows.AsSpan(r * hiddenSize, hiddenSize));
        }
        // mlm_logits: [1, n, V_s]
        var logits = outputs[1].GetTensorDataAsSpan<float>();
        if (logits.Length != logitIndices.Length * vocabularySize)
        {
            throw new InvalidOperationException($"encoder returned {logits.Length} logits, expected {logitIndices.Length} x {vocabularySize}");
        }
        return (rows, logits.ToArray());
    }
}
