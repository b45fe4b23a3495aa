using Maria.Runtime.Packaging;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Runtime.Inference;

/// <summary>
/// The one way to call a package's MLM encoder graph, names from the manifest. One call encodes a group of masked
/// streams <c>[CLS] x' [SEP]</c> of different lengths (right padding + attention mask: padding never changes a real
/// row) and returns, per stream, the head-transformed rows u and the MLM logits it asked for.
/// Thread-safe: ONNX Runtime sessions accept concurrent runs; all buffers are per call.
/// </summary>
internal sealed class EncoderSession
{
    private readonly InferenceSession session;
    private readonly int padId;
    private readonly string[] inputNames;
    private readonly string[] outputNames;

    public EncoderSession(InferenceSession session, EncoderManifest manifest, int sharedVocabularySize, int padId, string source)
    {
        this.session = session;
        this.padId = padId;
        HiddenSize = manifest.HiddenSize;
        VocabularySize = sharedVocabularySize;
        ContextLength = manifest.ContextLength;
        foreach (var (table, roles, tableName) in new[] { (manifest.Inputs, GraphRoles.EncoderInputs, "inputs"), (manifest.Outputs, GraphRoles.EncoderOutputs, "outputs") })
        {
            foreach (string role in roles)
            {
                if (!table.TryGetValue(role, out string? name) || string.IsNullOrWhiteSpace(name))
                {
                    throw new MariaInputException($"{source}: the manifest's encoder {tableName} table has no name for '{role}'; re-export the package with this version's 'maria export'");
                }
            }
        }
        if (manifest.DType != "float32")
        {
            throw new MariaInputException($"{source}: encoder dtype '{manifest.DType}' is not supported (float32 only); re-export the package with this version's 'maria export'");
        }
        inputNames = [.. GraphRoles.EncoderInputs.Select(role => manifest.Inputs[role])];
        outputNames = [.. GraphRoles.EncoderOutputs.Select(role => manifest.Outputs[role])];
        DecoderSession.CheckGraph(session, inputNames, outputNames, source);
        DecoderSession.CheckWidth(session, manifest.Outputs[GraphRoles.MlmLogits], sharedVocabularySize, "vocabulary.shared_size", source);
        DecoderSession.CheckWidth(session, manifest.Outputs[GraphRoles.MlmHidden], manifest.HiddenSize, "encoder.hidden_size", source);
    }

    /// <summary>The owning model's gate, held during every run so disposing the model waits for runs in flight (none: ungated).</summary>
    public SessionGate? Gate { get; init; }

    /// <summary>d_mlm.</summary>
    public int HiddenSize { get; }

    /// <summary>|V_s|.</summary>
    public int VocabularySize { get; }

    /// <summary>Longest stream ([CLS] and [SEP] included).</summary>
    public int ContextLength { get; }

    /// <summary>
    /// Encodes every stream in one call. For stream r: rows u at <see cref="EncoderRequest.RowIndices"/> ([rows, d_mlm])
    /// and MLM logits at <see cref="EncoderRequest.LogitIndices"/> ([logits, V_s]), stream indices.
    /// </summary>
    public EncoderResult[] Run(IReadOnlyList<EncoderRequest> requests, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(requests);
        int batch = requests.Count;
        if (batch == 0)
        {
            return [];
        }
        int length = requests.Max(r => r.Stream.Length);
        int logitCount = requests.Max(r => r.LogitIndices.Length);
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        var positions = new long[batch * logitCount];  // padded with 0 ([CLS]); those logits are dropped
        for (int r = 0; r < batch; r++)
        {
            var stream = requests[r].Stream;
            ids.AsSpan(r * length, length).Fill(padId);
            stream.CopyTo(ids.AsSpan(r * length));
            mask.AsSpan(r * length, stream.Length).Fill(1L);
            for (int k = 0; k < requests[r].LogitIndices.Length; k++)
            {
                positions[r * logitCount + k] = requests[r].LogitIndices[k];
            }
        }
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [batch, length]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [batch, length]);
        using var positionsValue = OrtValue.CreateTensorValueFromMemory(positions, [batch, logitCount]);
        IDisposableReadOnlyCollection<OrtValue> outputs;
        using (Gate is null ? default : Gate.Enter())
        {
            outputs = OrtCall.Run(session, inputNames, [idsValue, maskValue, positionsValue], outputNames, cancellation);
        }
        using var ownedOutputs = outputs;

        var hidden = outputs[0].GetTensorDataAsSpan<float>();   // mlm_hidden [batch, length, d_mlm]
        var logits = outputs[1].GetTensorDataAsSpan<float>();   // mlm_logits [batch, logitCount, V_s]
        if (hidden.Length != batch * length * HiddenSize || logits.Length != batch * logitCount * VocabularySize)
        {
            throw new InvalidOperationException($"encoder returned {hidden.Length} hidden and {logits.Length} logit values for a [{batch}, {length}] call; the graph does not match its manifest");
        }
        var results = new EncoderResult[batch];
        for (int r = 0; r < batch; r++)
        {
            var request = requests[r];
            var rows = new float[request.RowIndices.Length * HiddenSize];
            for (int k = 0; k < request.RowIndices.Length; k++)
            {
                hidden.Slice((r * length + request.RowIndices[k]) * HiddenSize, HiddenSize).CopyTo(rows.AsSpan(k * HiddenSize));
            }
            var rowLogits = logits.Slice(r * logitCount * VocabularySize, request.LogitIndices.Length * VocabularySize).ToArray();
            results[r] = new EncoderResult(rows, rowLogits);
        }
        return results;
    }

    /// <summary>One stream, alone in its call.</summary>
    public EncoderResult Run(EncoderRequest request, CancellationToken cancellation) => Run([request], cancellation)[0];
}

/// <summary>One masked stream of an encoder call and the stream indices whose rows u and MLM logits it needs.</summary>
/// <param name="Stream"><c>[CLS] x' [SEP]</c> ids.</param>
/// <param name="RowIndices">Stream indices whose rows u are returned.</param>
/// <param name="LogitIndices">Stream indices whose MLM logits are returned.</param>
internal sealed record EncoderRequest(long[] Stream, int[] RowIndices, int[] LogitIndices);

/// <summary>Rows u [rows, d_mlm] and MLM logits [logits, V_s] of one stream.</summary>
internal sealed record EncoderResult(float[] Rows, float[] Logits);
