using Maria.Runtime.Packaging;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Runtime.Inference;

/// <summary>
/// The one way to call a package's decoder graph. Every input/output name, the KV layout, the dtype and the sizes come
/// from the manifest (checked at load). A call advances any set of cache slots by their own chunks (ragged lengths,
/// right padding, per-slot past lengths) and returns logits only where asked. Thread-safe: the session accepts
/// concurrent runs and all per-call state lives in the caller's <see cref="KeyValueCache"/> and the call's buffers.
/// </summary>
internal sealed class DecoderSession
{
    private readonly InferenceSession session;
    private readonly DecoderManifest manifest;
    private readonly string[] inputNames;
    private readonly string[] outputNames;
    private readonly CacheMemory cacheMemory;

    /// <summary>The token rows of every call are padded to a multiple of this (see <see cref="MariaModelOptions.BatchInvariant"/>).</summary>
    private readonly int rowMultiple;

    /// <summary>Rows per call with <see cref="MariaModelOptions.BatchInvariant"/>: the smallest multiple found to make the int8 kernels' rounding row-independent.</summary>
    public const int BatchInvariantRows = 16;

    /// <param name="session">The decoder graph's session.</param>
    /// <param name="manifest">The package's decoder manifest.</param>
    /// <param name="sharedVocabularySize">|V_s|.</param>
    /// <param name="mlmHiddenSize">d_mlm.</param>
    /// <param name="source">The graph file, for messages.</param>
    /// <param name="batchInvariant">Pad every call to <see cref="BatchInvariantRows"/> token rows.</param>
    /// <param name="cacheMemory">
    /// Where caches live: host memory (default), or device memory (the CUDA path), in which case every call binds
    /// through OrtIoBinding: the per-step inputs are copied in, the cache stays in place, only the logits come back.
    /// </param>
    public DecoderSession(InferenceSession session, DecoderManifest manifest, int sharedVocabularySize, int mlmHiddenSize, string source, bool batchInvariant = false,
        CacheMemory? cacheMemory = null)
    {
        this.cacheMemory = cacheMemory ?? CacheMemory.Host;
        rowMultiple = batchInvariant ? BatchInvariantRows : 2;
        this.session = session;
        this.manifest = manifest;
        VocabularySize = sharedVocabularySize;
        MlmHiddenSize = mlmHiddenSize;
        CheckContract(manifest, source);
        var inputs = GraphRoles.DecoderInputs.Select(role => manifest.Inputs[role]).ToList();
        var outputs = GraphRoles.DecoderOutputs.Select(role => manifest.Outputs[role]).ToList();
        for (int layer = 0; layer < manifest.NumLayers; layer++)
        {
            inputs.Add(GraphRoles.ForLayer(manifest.Inputs[GraphRoles.PastKey], layer));
            inputs.Add(GraphRoles.ForLayer(manifest.Inputs[GraphRoles.PastValue], layer));
            outputs.Add(GraphRoles.ForLayer(manifest.Outputs[GraphRoles.PresentKey], layer));
            outputs.Add(GraphRoles.ForLayer(manifest.Outputs[GraphRoles.PresentValue], layer));
        }
        inputNames = [.. inputs];
        outputNames = [.. outputs];
        CheckGraph(session, inputNames, outputNames, source);
        CheckWidth(session, manifest.Outputs[GraphRoles.Logits], sharedVocabularySize, "vocabulary.shared_size", source);
        CheckWidth(session, manifest.Outputs[GraphRoles.ArLogits], sharedVocabularySize, "vocabulary.shared_size", source);
        CheckWidth(session, manifest.Outputs[GraphRoles.HiddenStates], manifest.HiddenSize, "decoder.hidden_size", source);
    }

    /// <summary>The owning model's gate, held during every run so disposing the model waits for runs in flight (none: ungated).</summary>
    public SessionGate? Gate { get; init; }

    /// <summary>Every call of a single token row runs unpadded, as if each passed <c>loneRow</c> (see <see cref="MariaModelOptions.LoneRows"/>).</summary>
    public bool LoneRows { get; init; }

    /// <summary>|V_s|: the width of every logits row.</summary>
    public int VocabularySize { get; }

    /// <summary>d_ar, the width of a hidden state.</summary>
    public int ArHiddenSize => manifest.HiddenSize;

    /// <summary>d_mlm, the width of an MLM row.</summary>
    public int MlmHiddenSize { get; }

    /// <summary>Longest AR stream ([BOS] included).</summary>
    public int ContextLength => manifest.ContextLength;

    /// <summary>A cache of <paramref name="slots"/> texts, sized for streams of <paramref name="initialTokens"/> tokens (it grows on demand).</summary>
    public KeyValueCache CreateCache(int slots, int initialTokens)
    {
        int most = KeyValueCache.RoundUp(ContextLength + 1);
        return new(manifest.NumLayers, manifest.NumKeyValueHeads, manifest.HeadDim, slots,
            Math.Min(most, KeyValueCache.RoundUp(Math.Max(1, initialTokens + 1))), most, cacheMemory);
    }

    /// <summary>
    /// Runs one call: each chunk is appended to its slot's stream; slots below the highest one named that have no chunk
    /// take part with padding only (written to the scratch slot, never visible). Advances the slots' lengths.
    /// </summary>
    /// <param name="cache">The slots' cache.</param>
    /// <param name="chunks">One chunk per slot that advances.</param>
    /// <param name="cancellation">Cancels the run.</param>
    /// <param name="loneRow">
    /// Run a call of one token row (and at most one logit row of each kind) as it is, without the padding row, unless
    /// the session pads for batch invariance. Only for a caller whose text never shares a call (plain generation of one
    /// text): a lone row takes ONNX Runtime's GEMV kernel, which rounds differently from the multi-row one, and is the
    /// fastest single-token step (a 7B int4 step 1.22x faster than the padded pair, docs/BENCHMARKS.md).
    /// </param>
    public DecoderResult Run(KeyValueCache cache, IReadOnlyList<DecoderChunk> chunks, CancellationToken cancellation, bool loneRow = false)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (chunks.Count == 0)
        {
            throw new ArgumentException("a decoder call needs at least one chunk", nameof(chunks));
        }
        int batch = 0, sequence = 0, needed = 0, mariaCount = 0, arCount = 0;
        var seen = new bool[cache.Slots];
        foreach (var chunk in chunks)
        {
            if (chunk.Slot < 0 || chunk.Slot >= cache.Slots || seen[chunk.Slot] || chunk.Tokens.Length == 0)
            {
                throw new ArgumentException($"chunk for slot {chunk.Slot}: slots must be distinct, within 0..{cache.Slots - 1}, with at least one token", nameof(chunks));
            }
            seen[chunk.Slot] = true;
            batch = Math.Max(batch, chunk.Slot + 1);
            sequence = Math.Max(sequence, chunk.Tokens.Length);
            needed = Math.Max(needed, cache.Length(chunk.Slot) + chunk.Tokens.Length + 1);
            mariaCount += chunk.MariaPositions.Length;
            arCount += chunk.ArPositions.Length;
            if (chunk.MlmRows.Length != chunk.MariaPositions.Length * MlmHiddenSize)
            {
                throw new ArgumentException($"chunk for slot {chunk.Slot}: {chunk.MariaPositions.Length} MARIA positions need {chunk.MariaPositions.Length} x {MlmHiddenSize} MLM values, got {chunk.MlmRows.Length}", nameof(chunks));
            }
        }
        // ONNX Runtime's quantised MatMulNBits computes a lone row with another kernel (a GEMV) than two or more rows,
        // and the two round differently; so that a text's logits never depend on whether its call had one row or more,
        // every product multiplies at least two rows: a one-token call gets a padding token, and a single logit row is
        // computed twice (padding and duplicates are dropped). With batchInvariant the token rows are padded further,
        // to a multiple of 16, which also removes the smaller rounding differences between row counts.
        bool unpadded = (loneRow || LoneRows) && rowMultiple != BatchInvariantRows && batch * sequence == 1;
        while (!unpadded && batch * sequence % rowMultiple != 0)
        {
            sequence++;
        }
        int mariaRows = mariaCount == 1 && !unpadded ? 2 : mariaCount;
        int arRows = arCount == 1 && !unpadded ? 2 : arCount;
        cache.EnsureCapacity(needed);
        int capacity = cache.Capacity;
        // Padding goes to a slot beyond every row's tokens: the last one, or slot `context` when the rounded-up
        // capacity passes the RoPE tables (context + 1 rows); real positions stay below both.
        int scratch = Math.Min(capacity - 1, ContextLength);

        // input_ids / position_ids [batch, S]: padding reads BOS-free filler (id 0) written to the scratch slot.
        var ids = new long[batch * sequence];
        var positions = new long[batch * sequence];
        Array.Fill(positions, scratch);
        // attention_mask [batch, capacity]: the slots each row holds after this call.
        var mask = new long[batch * capacity];
        var mariaPositions = new long[mariaRows];
        var arPositions = new long[arRows];
        var mlmRows = new float[mariaRows * MlmHiddenSize];
        var mariaOffsets = new int[chunks.Count];
        var arOffsets = new int[chunks.Count];
        int maria = 0, ar = 0;
        for (int slot = 0; slot < batch; slot++)
        {
            mask.AsSpan(slot * capacity, cache.Length(slot)).Fill(1L);
        }
        for (int c = 0; c < chunks.Count; c++)
        {
            var chunk = chunks[c];
            int row = chunk.Slot, past = cache.Length(row), length = chunk.Tokens.Length;
            var tokens = chunk.Tokens.Span;
            for (int s = 0; s < length; s++)
            {
                ids[row * sequence + s] = tokens[s];
                positions[row * sequence + s] = past + s;
            }
            mask.AsSpan(row * capacity, past + length).Fill(1L);
            mariaOffsets[c] = maria;
            arOffsets[c] = ar;
            foreach (int p in chunk.MariaPositions)
            {
                CheckPosition(p, length, row);
                mariaPositions[maria++] = row * sequence + p;
            }
            chunk.MlmRows.Span.CopyTo(mlmRows.AsSpan(mariaOffsets[c] * MlmHiddenSize));
            foreach (int p in chunk.ArPositions)
            {
                CheckPosition(p, length, row);
                arPositions[ar++] = row * sequence + p;
            }
        }

        for (int extra = mariaCount; extra < mariaRows; extra++)
        {
            mariaPositions[extra] = mariaPositions[0];
            mlmRows.AsSpan(0, MlmHiddenSize).CopyTo(mlmRows.AsSpan(extra * MlmHiddenSize));
        }
        for (int extra = arCount; extra < arRows; extra++)
        {
            arPositions[extra] = arPositions[0];
        }
        var logits = new float[mariaRows * VocabularySize];
        var arLogits = new float[arRows * VocabularySize];
        var hidden = new float[mariaRows * ArHiddenSize];
        var owned = new List<OrtValue>(8 + 4 * cache.Layers);
        try
        {
            owned.Add(OrtValue.CreateTensorValueFromMemory(ids, [batch, sequence]));
            owned.Add(OrtValue.CreateTensorValueFromMemory(mask, [batch, capacity]));
            owned.Add(OrtValue.CreateTensorValueFromMemory(positions, [batch, sequence]));
            owned.Add(OrtValue.CreateTensorValueFromMemory(mariaPositions, [mariaRows]));
            owned.Add(OrtValue.CreateTensorValueFromMemory(mlmRows, [mariaRows, MlmHiddenSize]));
            owned.Add(OrtValue.CreateTensorValueFromMemory(arPositions, [arRows]));
            var outputs = new List<OrtValue>
            {
                OrtValue.CreateTensorValueFromMemory(logits, [mariaRows, VocabularySize]),
                // ar_logits [m, 1, V_s]: the middle axis lets onnxruntime-genai read it as a decoder's logits.
                OrtValue.CreateTensorValueFromMemory(arLogits, [arRows, 1, VocabularySize]),
                OrtValue.CreateTensorValueFromMemory(hidden, [mariaRows, ArHiddenSize]),
            };
            owned.AddRange(outputs);
            var inputs = new List<OrtValue>(owned.Take(6));
            for (int layer = 0; layer < cache.Layers; layer++)
            {
                var key = cache.KeyView(layer, batch);
                var value = cache.ValueView(layer, batch);
                owned.Add(key);
                owned.Add(value);
                // The same native buffers as past and present: the graph scatters the new rows in place.
                inputs.Add(key);
                inputs.Add(value);
                outputs.Add(key);
                outputs.Add(value);
            }
            using (Gate is null ? default : Gate.Enter())
            {
                if (cacheMemory.IsDevice)
                {
                    OrtCall.RunBound(session, inputNames, inputs, outputNames, outputs, cancellation);
                }
                else
                {
                    OrtCall.Run(session, inputNames, inputs, outputNames, outputs, cancellation);
                }
            }
        }
        finally
        {
            foreach (var value in owned)
            {
                value.Dispose();
            }
        }
        foreach (var chunk in chunks)
        {
            cache.Advance(chunk.Slot, chunk.Tokens.Length);
        }
        // A duplicated row comes last; drop it so that the result holds exactly the rows asked for.
        return new DecoderResult(
            mariaRows > mariaCount ? logits[..(mariaCount * VocabularySize)] : logits,
            arRows > arCount ? arLogits[..(arCount * VocabularySize)] : arLogits,
            mariaRows > mariaCount ? hidden[..(mariaCount * ArHiddenSize)] : hidden,
            mariaOffsets, arOffsets, VocabularySize, ArHiddenSize);
    }

    private static void CheckPosition(int position, int length, int slot)
    {
        if (position < 0 || position >= length)
        {
            throw new ArgumentException($"chunk for slot {slot}: logit position {position} is outside its {length} tokens");
        }
    }

    /// <summary>The manifest must describe a layout, dtype and name table this runtime knows.</summary>
    private static void CheckContract(DecoderManifest manifest, string source)
    {
        if (manifest.KeyValueLayout != GraphRoles.StaticCacheLayout)
        {
            throw new MariaInputException($"{source}: decoder kv_layout '{manifest.KeyValueLayout}' is not one this runtime feeds ('{GraphRoles.StaticCacheLayout}'); re-export the package with this version's 'maria export'");
        }
        if (manifest.DType != "float32")
        {
            throw new MariaInputException($"{source}: decoder dtype '{manifest.DType}' is not supported (float32 only); re-export the package with this version's 'maria export'");
        }
        foreach (string role in GraphRoles.DecoderInputs.Concat([GraphRoles.PastKey, GraphRoles.PastValue]))
        {
            RequireName(manifest.Inputs, role, "inputs", source);
        }
        foreach (string role in GraphRoles.DecoderOutputs.Concat([GraphRoles.PresentKey, GraphRoles.PresentValue]))
        {
            RequireName(manifest.Outputs, role, "outputs", source);
        }
        foreach (var (table, role) in new[] { (manifest.Inputs, GraphRoles.PastKey), (manifest.Inputs, GraphRoles.PastValue), (manifest.Outputs, GraphRoles.PresentKey), (manifest.Outputs, GraphRoles.PresentValue) })
        {
            if (!table[role].Contains(GraphRoles.LayerPlaceholder, StringComparison.Ordinal))
            {
                throw new MariaInputException($"{source}: decoder {role} name '{table[role]}' has no '{GraphRoles.LayerPlaceholder}' for the layer index; re-export the package");
            }
        }
    }

    private static void RequireName(IReadOnlyDictionary<string, string> table, string role, string tableName, string source)
    {
        if (!table.TryGetValue(role, out string? name) || string.IsNullOrWhiteSpace(name))
        {
            throw new MariaInputException($"{source}: the manifest's decoder {tableName} table has no name for '{role}'; re-export the package with this version's 'maria export'");
        }
    }

    /// <summary>
    /// The manifest (not covered by the file hashes) must not claim another width than the graph has: a vocabulary or
    /// hidden size the graph does not produce is refused at load in one line, instead of failing inside ONNX Runtime
    /// at the first call or sizing buffers after the claim. Dynamic dimensions (-1) are not checked.
    /// </summary>
    internal static void CheckWidth(InferenceSession session, string output, int claimed, string key, string source)
    {
        int[] dimensions = session.OutputMetadata[output].Dimensions;
        if (dimensions.Length > 0 && dimensions[^1] > 0 && dimensions[^1] != claimed)
        {
            throw new MariaInputException($"{source}: the manifest says {key} = {claimed} but the graph's output '{output}' is {dimensions[^1]} wide; the manifest was edited or belongs to another package, export it again");
        }
    }

    /// <summary>The graph must have exactly the names the manifest promises.</summary>
    internal static void CheckGraph(InferenceSession session, IEnumerable<string> inputs, IEnumerable<string> outputs, string source)
    {
        var missingInputs = inputs.Where(name => !session.InputMetadata.ContainsKey(name)).ToList();
        var missingOutputs = outputs.Where(name => !session.OutputMetadata.ContainsKey(name)).ToList();
        if (missingInputs.Count + missingOutputs.Count > 0)
        {
            string what = string.Join(", ", missingInputs.Select(n => $"input '{n}'").Concat(missingOutputs.Select(n => $"output '{n}'")));
            throw new MariaInputException($"{source}: the graph lacks {what} named in the manifest; the package is damaged or mixed, export it again");
        }
    }
}
