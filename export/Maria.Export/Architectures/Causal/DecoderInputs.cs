using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Export.Packaging;
using Maria.Runtime.Packaging;

namespace Maria.Export.Architectures.Causal;

/// <summary>
/// The decoder graph's inputs (names from <see cref="GraphNames"/>) and the attention bookkeeping every layer shares,
/// derived once inside the graph. A call advances each row b of a batch by its own chunk of c_b ≤ S tokens (right
/// padding up to S) on top of p_b cached tokens:
/// <code>
/// input_ids          int64 [B, S]     the chunks, right-padded
/// position_ids       int64 [B, S]     p_b + s for real tokens; padding points at a scratch slot of the cache
/// attention_mask     int64 [B, L]     1 for the cache slots a row holds after this call (0 .. p_b + c_b - 1); L ≤ T, the
///                                     cache capacity: the graph pads it with zeros to T (the runtime passes L = T, as with
///                                     Hugging Face's static cache; onnxruntime-genai passes L = tokens so far with its
///                                     shared past/present buffers of max_length slots)
/// logit_positions    int64 [n]        flat indices b·S + s of the states that get MARIA logits
/// mlm_hidden         float [n, d_mlm] the MLM rows u for those states
/// ar_logit_positions int64 [m]        flat indices of the states that get AR-only logits
/// </code>
/// Derived: the additive bias [B, 1, groups·S, T] (key j visible to query (b, s) iff j ≤ position_ids[b, s] and
/// attention_mask[b, j] = 1, so a real query never sees padding, a later row's token, or a stale cache slot), the
/// ScatterND indices [B, kv_heads, S, 3] that write each new key/value row at (b, head, position_ids[b, s]).
/// </summary>
internal sealed class DecoderInputs
{
    public const string Batch = "batch_size";
    public const string Sequence = "sequence_length";
    public const string TotalSequence = "total_sequence_length";
    public const string CacheLength = "cache_length";
    public const string LogitCount = "logit_count";
    public const string ArLogitCount = "ar_logit_count";

    private const string Prefix = "/model/attn_bookkeeping";

    private DecoderInputs()
    {
    }

    /// <summary>int64 [B, S].</summary>
    public string InputIds { get; private init; } = "";

    /// <summary>int64 [B, S]: RoPE positions and cache slots.</summary>
    public string PositionIds { get; private init; } = "";

    /// <summary>int64 [n].</summary>
    public string LogitPositions { get; private init; } = "";

    /// <summary>float [n, d_mlm].</summary>
    public string MlmRows { get; private init; } = "";

    /// <summary>int64 [m].</summary>
    public string ArLogitPositions { get; private init; } = "";

    /// <summary>Declares every input except the per-layer caches.</summary>
    public static DecoderInputs Add(OnnxGraphBuilder builder, int mlmHiddenSize, int queryGroups)
    {
        string inputIds = builder.AddInput(GraphNames.InputIds, TensorProto.Types.DataType.Int64, Batch, Sequence);
        string mask = builder.AddInput(GraphNames.AttentionMask, TensorProto.Types.DataType.Int64, Batch, TotalSequence);
        string positions = builder.AddInput(GraphNames.PositionIds, TensorProto.Types.DataType.Int64, Batch, Sequence);
        string logitPositions = builder.AddInput(GraphNames.LogitPositions, TensorProto.Types.DataType.Int64, LogitCount);
        string mlmRows = builder.AddInput(GraphNames.DecoderMlmRows, TensorProto.Types.DataType.Float, LogitCount, mlmHiddenSize);
        string arPositions = builder.AddInput(GraphNames.ArLogitPositions, TensorProto.Types.DataType.Int64, ArLogitCount);
        return new DecoderInputs
        {
            InputIds = inputIds,
            PositionIds = positions,
            LogitPositions = logitPositions,
            MlmRows = mlmRows,
            ArLogitPositions = arPositions,
            attentionMask = mask,
            queryGroups = queryGroups,
        };
    }

    /// <summary>
    /// float [B, 1, groups·S, T]: 0 where visible, <see cref="AttentionMaskBlock.MaskedValue"/> elsewhere. T, the
    /// cache capacity, comes from <paramref name="pastKey"/> [B, kv_heads, T, head_dim] (every layer's is the same);
    /// the mask [B, L] is padded with zeros to [B, T]. The same for every layer; built once on first use.
    /// </summary>
    public string AttentionBias(OnnxGraphBuilder builder, string pastKey)
    {
        if (attentionBias is not null)
        {
            return attentionBias;
        }
        string cacheShape = builder.AddNode($"{Prefix}/cache/Shape", "Shape", [pastKey]);
        string keyLength = builder.AddNode($"{Prefix}/cache/Slice", "Slice",
            [cacheShape, builder.AddInt64Vector("model.attn_bookkeeping.two_start", 2), builder.AddInt64Vector("model.attn_bookkeeping.two_end", 3)]); // [1] = T
        string maskShape = builder.AddNode($"{Prefix}/mask/Shape", "Shape", [attentionMask]);
        string maskLength = builder.AddNode($"{Prefix}/mask/Slice", "Slice",
            [maskShape, builder.AddInt64Vector("model.attn_bookkeeping.one_start", 1), builder.AddInt64Vector("model.attn_bookkeeping.one_end", 2)]); // [1] = L
        string missing = builder.AddNode($"{Prefix}/mask/Sub", "Sub", [keyLength, maskLength]);                          // [1] = T - L
        string pads = builder.AddNode($"{Prefix}/mask/Concat_pads", "Concat",
            [builder.AddInt64Vector("model.attn_bookkeeping.mask.pads_begin", 0, 0, 0), missing], OnnxAttribute.Int("axis", 0)); // [4]
        string paddedMask = builder.AddNode($"{Prefix}/mask/Pad", "Pad", [attentionMask, pads]);                        // [B, T], zeros appended
        attentionBias = Bias(builder, paddedMask, PositionIds, keyLength, queryGroups);
        return attentionBias;
    }

    private string attentionMask = "";
    private int queryGroups;
    private string? attentionBias;

    /// <summary>
    /// ScatterND indices [B, kvHeads, S, 3] = (b, h, position_ids[b, s]): where each new key/value row of a layer goes.
    /// The same for every layer; built once on first use.
    /// </summary>
    public string ScatterIndices(OnnxGraphBuilder builder, int kvHeads)
    {
        if (scatterIndices is not null)
        {
            return scatterIndices;
        }
        const string prefix = Prefix + "/scatter";
        string zero = builder.AddInt64Scalar("model.attn_bookkeeping.scatter.zero", 0);
        string one = builder.AddInt64Scalar("model.attn_bookkeeping.scatter.one", 1);
        string idsShape = builder.AddNode($"{prefix}/Shape", "Shape", [PositionIds]);                                   // [B, S]
        string batch = builder.AddNode($"{prefix}/Gather_batch", "Gather", [idsShape, zero], OnnxAttribute.Int("axis", 0));
        string batchIds = builder.AddNode($"{prefix}/Range_batch", "Range", [zero, batch, one]);                       // [B]
        string rowIndex = builder.AddNode($"{prefix}/Unsqueeze_batch", "Unsqueeze",
            [batchIds, builder.AddInt64Vector("model.attn_bookkeeping.scatter.axes_123", 1, 2, 3)]);                      // [B, 1, 1, 1]
        string headIndex = builder.AddInt64Initializer("model.attn_bookkeeping.scatter.heads",
            Enumerable.Range(0, kvHeads).Select(h => (long)h).ToArray(), 1, kvHeads, 1, 1);                              // [1, kv, 1, 1]
        string slotIndex = builder.AddNode($"{prefix}/Unsqueeze_positions", "Unsqueeze",
            [PositionIds, builder.AddInt64Vector("model.attn_bookkeeping.scatter.axes_13", 1, 3)]);                       // [B, 1, S, 1]
        string batchDim = builder.AddNode($"{prefix}/Slice_batch", "Slice",
            [idsShape, builder.AddInt64Vector("model.attn_bookkeeping.scatter.start_0", 0), builder.AddInt64Vector("model.attn_bookkeeping.scatter.end_1", 1)]);
        string sequenceDim = builder.AddNode($"{prefix}/Slice_sequence", "Slice",
            [idsShape, builder.AddInt64Vector("model.attn_bookkeeping.scatter.start_1", 1), builder.AddInt64Vector("model.attn_bookkeeping.scatter.end_2", 2)]);
        string target = builder.AddNode($"{prefix}/Concat_shape", "Concat",
            [batchDim, builder.AddInt64Vector("model.attn_bookkeeping.scatter.kv_heads", kvHeads), sequenceDim,
             builder.AddInt64Vector("model.attn_bookkeeping.scatter.last", 1)], OnnxAttribute.Int("axis", 0)); // [4] = B, kv, S, 1
        string rows = builder.AddNode($"{prefix}/Expand_batch", "Expand", [rowIndex, target]);                         // [B, kv, S, 1]
        string heads = builder.AddNode($"{prefix}/Expand_heads", "Expand", [headIndex, target]);
        string slots = builder.AddNode($"{prefix}/Expand_positions", "Expand", [slotIndex, target]);
        scatterIndices = builder.AddNode($"{prefix}/Concat", "Concat", [rows, heads, slots], OnnxAttribute.Int("axis", -1)); // [B, kv, S, 3]
        return scatterIndices;
    }

    private string? scatterIndices;

    /// <summary>[B, 1, groups·S, T] additive bias from key index ≤ position and the key mask, repeated per query group.</summary>
    private static string Bias(OnnxGraphBuilder builder, string mask, string positions, string keyLength, int groups)
    {
        const string prefix = Prefix + "/bias";
        string zero = builder.AddInt64Scalar("model.attn_bookkeeping.bias.zero", 0);
        string one = builder.AddInt64Scalar("model.attn_bookkeeping.bias.one", 1);
        string length = builder.AddNode($"{prefix}/Squeeze", "Squeeze", [keyLength, builder.AddInt64Vector("model.attn_bookkeeping.bias.axis_0", 0)]);
        string keys = builder.AddNode($"{prefix}/Range", "Range", [zero, length, one]);                                // [T]
        string queryPositions = builder.AddNode($"{prefix}/Unsqueeze_positions", "Unsqueeze",
            [positions, builder.AddInt64Vector("model.attn_bookkeeping.bias.axis_2", 2)]);                               // [B, S, 1]
        string causal = builder.AddNode($"{prefix}/LessOrEqual", "LessOrEqual", [keys, queryPositions]);                // [B, S, T]
        string isReal = builder.AddNode($"{prefix}/Cast", "Cast", [mask], OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Bool));
        string keyIsReal = builder.AddNode($"{prefix}/Unsqueeze_keys", "Unsqueeze",
            [isReal, builder.AddInt64Vector("model.attn_bookkeeping.bias.axis_1", 1)]);                                  // [B, 1, T]
        string visible = builder.AddNode($"{prefix}/And", "And", [causal, keyIsReal]);                                   // [B, S, T]
        string open = builder.AddFloatScalar("model.attn_bookkeeping.bias.open", 0f);
        string masked = builder.AddFloatScalar("model.attn_bookkeeping.bias.masked", AttentionMaskBlock.MaskedValue);
        string bias = builder.AddNode($"{prefix}/Where", "Where", [visible, open, masked]);                              // [B, S, T]
        string withHeads = builder.AddNode($"{prefix}/Unsqueeze_heads", "Unsqueeze",
            [bias, builder.AddInt64Vector("model.attn_bookkeeping.bias.axis_1", 1)]);                                    // [B, 1, S, T]
        // One copy per query head sharing a kv head: the attention stacks those heads as rows (groups·S).
        return groups == 1 ? withHeads : builder.AddNode($"{prefix}/Tile_groups", "Tile",
            [withHeads, builder.AddInt64Vector("model.attn_bookkeeping.bias.group_repeats", 1, 1, groups, 1)]);          // [B, 1, groups·S, T]
    }
}
