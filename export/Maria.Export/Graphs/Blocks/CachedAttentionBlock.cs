using Maria.Export.Onnx;

namespace Maria.Export.Graphs.Blocks;

/// <summary>
/// Causal grouped-query attention on a preallocated KV cache, from standard ONNX operators, for batches whose rows
/// advance by chunks of different lengths from different past lengths (continuous batching). ONNX Runtime's
/// <c>GroupQueryAttention</c> refuses exactly that (a chunk of several tokens after a past is accepted for batch 1
/// only), so this block writes and reads the cache itself:
/// <code>
/// present = ScatterND(past, indices, k)         the new rows at (b, head, position_ids[b, s]); past and present are
///                                               bound to ONE buffer [B, kv, capacity, D], so the write is in place
///                                               (ScatterND copies its input only when the buffers differ)
/// scores  = q·presentᵀ / √D + bias             [B, kv, groups·S, T]    (T = capacity; the query heads of a kv head
///                                               stacked as rows, as repeat_kv groups them; the whole buffer is
///                                               read, no slice is copied)
/// out     = softmax(scores)·values              [B, S, heads·D]
/// </code>
/// The bias (see DecoderInputs) hides padding, later positions and stale slots; padded chunk tokens are written to
/// a scratch slot nobody reads. Reading the whole buffer is why the runtime sizes caches to what a batch needs now
/// and grows them in steps (like Hugging Face's static cache, the attention mask spans the whole buffer).
/// </summary>
public static class CachedAttentionBlock
{
    /// <summary>Value names the block reads.</summary>
    /// <param name="Query">[B, S, heads·D], RoPE applied.</param>
    /// <param name="Key">[B, S, kv·D], RoPE applied.</param>
    /// <param name="Value">[B, S, kv·D].</param>
    /// <param name="PastKey">Graph input [B, kv, capacity, D].</param>
    /// <param name="PastValue">Graph input [B, kv, capacity, D].</param>
    /// <param name="ScatterIndices">int64 [B, kv, S, 3].</param>
    /// <param name="Bias">float [B, 1, groups·S, T], T = capacity (the call's bias repeated for each query group).</param>
    public sealed record Inputs(string Query, string Key, string Value, string PastKey, string PastValue, string ScatterIndices, string Bias);

    /// <summary>Emits the block under <paramref name="prefix"/>; the cache outputs get the given names. Returns [B, S, heads·D].</summary>
    public static string Add(OnnxGraphBuilder builder, string prefix, Inputs inputs, int heads, int kvHeads, int headDim,
        string presentKeyName, string presentValueName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(inputs);
        if (heads <= 0 || kvHeads <= 0 || heads % kvHeads != 0)
        {
            throw new ArgumentException($"{prefix}: num_heads {heads} must be a positive multiple of kv_num_heads {kvHeads}", nameof(heads));
        }
        int groups = heads / kvHeads;

        string presentKey = WriteCache(builder, $"{prefix}/key_cache", inputs.Key, inputs.PastKey, inputs.ScatterIndices, kvHeads, headDim, presentKeyName);
        string presentValue = WriteCache(builder, $"{prefix}/value_cache", inputs.Value, inputs.PastValue, inputs.ScatterIndices, kvHeads, headDim, presentValueName);

        // q [B, S, heads·D] -> [B, S, kv, groups, D] -> [B, kv, groups·S, D]: head h reads kv head h / groups, and the
        // groups of a kv head are stacked as extra query rows, so every product is a plain 4-D batched MatMul on the
        // cache buffer itself (no broadcast axis, no copy of the cache).
        string scale = builder.AddFloatScalar(BlockNames.Initializer(prefix, "scale"), 1f / MathF.Sqrt(headDim));
        string scaled = builder.AddNode($"{prefix}/q_scale/Mul", "Mul", [inputs.Query, scale]);
        string grouped = builder.AddNode($"{prefix}/q_group/Reshape", "Reshape",
            [scaled, builder.AddInt64Vector(BlockNames.Initializer(prefix, "q_group_shape"), 0, 0, kvHeads, groups, headDim)]);
        string headMajor = builder.AddNode($"{prefix}/q_group/Transpose", "Transpose", [grouped], OnnxAttribute.Ints("perm", 0, 2, 3, 1, 4));
        string query = builder.AddNode($"{prefix}/q_rows/Reshape", "Reshape",
            [headMajor, builder.AddInt64Vector(BlockNames.Initializer(prefix, "q_rows_shape"), 0, kvHeads, -1, headDim)]);        // [B, kv, groups·S, D]

        string keysT = builder.AddNode($"{prefix}/k_transpose/Transpose", "Transpose", [presentKey], OnnxAttribute.Ints("perm", 0, 1, 3, 2)); // [B, kv, D, T]
        string scores = builder.AddNode($"{prefix}/scores/MatMul", "MatMul", [query, keysT]);                   // [B, kv, groups·S, T]
        string biased = builder.AddNode($"{prefix}/scores/Add", "Add", [scores, inputs.Bias]);
        string probabilities = builder.AddNode($"{prefix}/Softmax", "Softmax", [biased], OnnxAttribute.Int("axis", -1));
        string context = builder.AddNode($"{prefix}/context/MatMul", "MatMul", [probabilities, presentValue]); // [B, kv, groups·S, D]
        string split = builder.AddNode($"{prefix}/context/Reshape_groups", "Reshape",
            [context, builder.AddInt64Vector(BlockNames.Initializer(prefix, "context_groups_shape"), 0, kvHeads, groups, -1, headDim)]); // [B, kv, groups, S, D]
        string ordered = builder.AddNode($"{prefix}/context/Transpose", "Transpose", [split], OnnxAttribute.Ints("perm", 0, 3, 1, 2, 4));
        return builder.AddNode($"{prefix}/context/Reshape", "Reshape",
            [ordered, builder.AddInt64Vector(BlockNames.Initializer(prefix, "context_shape"), 0, 0, heads * headDim)]); // [B, S, heads·D]
    }

    /// <summary>[B, S, kv·D] -> [B, kv, S, D], scattered into the cache at the call's slots; returns the present.</summary>
    private static string WriteCache(OnnxGraphBuilder builder, string prefix, string rows, string past, string indices, int kvHeads, int headDim, string presentName)
    {
        string split = builder.AddNode($"{prefix}/Reshape", "Reshape",
            [rows, builder.AddInt64Vector(BlockNames.Initializer(prefix, "heads_shape"), 0, 0, kvHeads, headDim)]);   // [B, S, kv, D]
        string headMajor = builder.AddNode($"{prefix}/Transpose", "Transpose", [split], OnnxAttribute.Ints("perm", 0, 2, 1, 3)); // [B, kv, S, D]
        return builder.AddNode($"{prefix}/ScatterND", "ScatterND", OnnxDomains.Standard, [past, indices, headMajor], [presentName])[0];
    }
}
