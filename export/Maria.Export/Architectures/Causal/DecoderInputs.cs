using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Runtime.Packaging;

namespace Maria.Export.Architectures.Causal;

/// <summary>
/// The decoder graph's inputs (names from <see cref="GraphNames"/>) and the attention bookkeeping derived from them
/// inside the graph, so the runtime feeds only Hugging Face-style inputs:
/// <c>seqlens_k = ReduceSum(attention_mask) - 1</c> (int32 [batch], the index of each row's last token) and
/// <c>total_sequence_length = attention_mask.shape[1]</c> (int32 scalar), as GroupQueryAttention wants them.
/// </summary>
internal sealed class DecoderInputs
{
    public const string Batch = "batch_size";
    public const string Sequence = "sequence_length";
    public const string TotalSequence = "total_sequence_length";
    public const string CacheLength = "cache_length";
    public const string LogitCount = "logit_count";
    public const string ArLogitCount = "ar_logit_count";

    private DecoderInputs()
    {
    }

    /// <summary>int64 [batch, S].</summary>
    public string InputIds { get; private init; } = "";

    /// <summary>int64 [batch, n].</summary>
    public string LogitPositions { get; private init; } = "";

    /// <summary>float [batch, n, d_mlm].</summary>
    public string MlmRows { get; private init; } = "";

    /// <summary>int64 [batch, m].</summary>
    public string ArLogitPositions { get; private init; } = "";

    /// <summary>int32 [batch]: past + S - 1 per row.</summary>
    public string SeqLensK { get; private init; } = "";

    /// <summary>int32 scalar: past + S.</summary>
    public string TotalSequenceLength { get; private init; } = "";

    /// <summary>int64 [batch]: tokens per row in cache and chunk (ReduceSum of the mask).</summary>
    private string RowLengths { get; init; } = "";

    /// <summary>int64 scalar: past + S.</summary>
    private string TotalInt64 { get; init; } = "";

    /// <summary>Declares every input except the per-layer caches and derives the bookkeeping.</summary>
    public static DecoderInputs Add(OnnxGraphBuilder builder, int mlmHiddenSize)
    {
        const string prefix = "/model/attn_mask_reformat";
        string inputIds = builder.AddInput(GraphNames.InputIds, TensorProto.Types.DataType.Int64, Batch, Sequence);
        string mask = builder.AddInput(GraphNames.AttentionMask, TensorProto.Types.DataType.Int64, Batch, TotalSequence);
        string logitPositions = builder.AddInput(GraphNames.LogitPositions, TensorProto.Types.DataType.Int64, Batch, LogitCount);
        string mlmRows = builder.AddInput(GraphNames.DecoderMlmRows, TensorProto.Types.DataType.Float, Batch, LogitCount, mlmHiddenSize);
        string arPositions = builder.AddInput(GraphNames.ArLogitPositions, TensorProto.Types.DataType.Int64, Batch, ArLogitCount);

        string rowLengths = builder.AddNode($"{prefix}/ReduceSum", "ReduceSum",
            [mask, builder.AddInt64Vector("model.attn_mask_reformat.sum_axes", 1)], OnnxAttribute.Int("keepdims", 0));
        string one = builder.AddInt64Scalar("model.attn_mask_reformat.one", 1);
        string lastIndex = builder.AddNode($"{prefix}/Sub", "Sub", [rowLengths, one]);
        string seqLens = builder.AddNode($"{prefix}/seqlens_k/Cast", "Cast", [lastIndex], OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Int32));
        string total = Dimension(builder, $"{prefix}/total", mask, 1);
        string totalInt32 = builder.AddNode($"{prefix}/total_seq_len/Cast", "Cast", [total], OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Int32));
        return new DecoderInputs
        {
            InputIds = inputIds,
            LogitPositions = logitPositions,
            MlmRows = mlmRows,
            ArLogitPositions = arPositions,
            SeqLensK = seqLens,
            TotalSequenceLength = totalInt32,
            RowLengths = rowLengths,
            TotalInt64 = total,
        };
    }

    /// <summary>
    /// Explicit RoPE position ids int64 [batch, S], the positions GroupQueryAttention itself uses with fused rotary:
    /// 0..S-1 for a first prompt (S == total), else <c>row_length - S + s</c> (past .. past+S-1 of each row).
    /// </summary>
    public string AddPositionIds(OnnxGraphBuilder builder)
    {
        const string prefix = "/model/position_ids";
        string length = Dimension(builder, prefix, InputIds, 1);
        string zero = builder.AddInt64Scalar("model.position_ids.zero", 0);
        string one = builder.AddInt64Scalar("model.position_ids.one", 1);
        string steps = builder.AddNode($"{prefix}/Range", "Range", [zero, length, one]);                        // [S]
        string firstPrompt = builder.AddNode($"{prefix}/Unsqueeze_steps", "Unsqueeze",
            [steps, builder.AddInt64Vector("model.position_ids.axis_0", 0)]);                                      // [1, S]
        string starts = builder.AddNode($"{prefix}/Sub", "Sub", [RowLengths, length]);                            // [batch]
        string startColumn = builder.AddNode($"{prefix}/Unsqueeze_starts", "Unsqueeze",
            [starts, builder.AddInt64Vector("model.position_ids.axis_1", 1)]);                                     // [batch, 1]
        string later = builder.AddNode($"{prefix}/Add", "Add", [startColumn, firstPrompt]);                       // [batch, S]
        string isFirstPrompt = builder.AddNode($"{prefix}/Equal", "Equal", [length, TotalInt64]);                 // scalar bool
        return builder.AddNode($"{prefix}/Where", "Where", [isFirstPrompt, firstPrompt, later]);                  // [batch, S]
    }

    /// <summary>Dimension <paramref name="axis"/> of <paramref name="value"/> as an int64 scalar.</summary>
    private static string Dimension(OnnxGraphBuilder builder, string prefix, string value, long axis)
    {
        string shape = builder.AddNode($"{prefix}/Shape", "Shape", [value]);
        string index = builder.AddInt64Scalar(Graphs.Blocks.BlockNames.Initializer(prefix, "axis"), axis);
        return builder.AddNode($"{prefix}/Gather", "Gather", [shape, index], OnnxAttribute.Int("axis", 0));
    }
}
