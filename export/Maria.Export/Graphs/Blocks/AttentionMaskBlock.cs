using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;

namespace Maria.Export.Graphs.Blocks;

/// <summary>
/// Additive attention masks for bidirectional attention, built in the graph from <c>attention_mask [batch, seq]</c>
/// (int64, 1 = real token, 0 = padding). The result is <c>[batch, 1, seq, seq]</c> float32: 0 where query q may
/// attend key k, <see cref="MaskedValue"/> elsewhere. The mask is chosen once with Where from a boolean, never
/// summed from two large negatives (that overflows to -inf, and fully masked padded rows would become NaN).
/// </summary>
public static class AttentionMaskBlock
{
    /// <summary>torch.finfo(float32).min, the value Hugging Face adds at masked positions (finite, never -inf).</summary>
    public const float MaskedValue = -3.4028235e38f;

    /// <summary>Global (full) attention: every real key is visible to every query; padding keys are masked.</summary>
    public static string AddPaddingMask(OnnxGraphBuilder builder, string prefix, string attentionMask)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string distance = AddDistance(builder, prefix, attentionMask);
        // distance >= 0 is all true: it only broadcasts the key mask to [batch, 1, seq, seq], the shape attention_bias needs.
        string zero = builder.AddInt64Scalar(BlockNames.Initializer(prefix, "zero_distance"), 0);
        string everywhere = builder.AddNode($"{prefix}/GreaterOrEqual", "GreaterOrEqual", [distance, zero]);
        return AddAdditive(builder, prefix, attentionMask, everywhere);
    }

    /// <summary>
    /// ModernBERT local attention: key k is visible to query q iff it is real and <c>|q - k| ≤ halfWindow</c>
    /// (64 for ModernBERT's 128-token window: 129 keys including self).
    /// </summary>
    public static string AddSlidingWindowMask(OnnxGraphBuilder builder, string prefix, string attentionMask, int halfWindow)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegative(halfWindow);
        string distance = AddDistance(builder, prefix, attentionMask);
        string window = builder.AddInt64Scalar(BlockNames.Initializer(prefix, "half_window"), halfWindow);
        string inside = builder.AddNode($"{prefix}/LessOrEqual", "LessOrEqual", [distance, window]);
        return AddAdditive(builder, prefix, attentionMask, inside);
    }

    /// <summary>|q - k| for q, k in 0..seq-1: <c>[seq, seq]</c> int64.</summary>
    private static string AddDistance(OnnxGraphBuilder builder, string prefix, string attentionMask)
    {
        string shape = builder.AddNode($"{prefix}/Shape", "Shape", [attentionMask]);
        string one = builder.AddInt64Scalar(BlockNames.Initializer(prefix, "one"), 1);
        string zero = builder.AddInt64Scalar(BlockNames.Initializer(prefix, "zero"), 0);
        string length = builder.AddNode($"{prefix}/Gather", "Gather", [shape, one], OnnxAttribute.Int("axis", 0));
        string positions = builder.AddNode($"{prefix}/Range", "Range", [zero, length, one]);
        string rows = builder.AddNode($"{prefix}/Unsqueeze_rows", "Unsqueeze", [positions, builder.AddInt64Vector(BlockNames.Initializer(prefix, "axis_1"), 1)]);
        string columns = builder.AddNode($"{prefix}/Unsqueeze_columns", "Unsqueeze", [positions, builder.AddInt64Vector(BlockNames.Initializer(prefix, "axis_0"), 0)]);
        string difference = builder.AddNode($"{prefix}/Sub", "Sub", [rows, columns]);
        return builder.AddNode($"{prefix}/Abs", "Abs", [difference]);
    }

    /// <summary>allowed [batch,1,seq,seq] = key is real AND <paramref name="queryKeyAllowed"/> [seq,seq]; then 0 / MaskedValue.</summary>
    private static string AddAdditive(OnnxGraphBuilder builder, string prefix, string attentionMask, string queryKeyAllowed)
    {
        string isReal = builder.AddNode($"{prefix}/Cast", "Cast", [attentionMask], OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Bool));
        string keyAxes = builder.AddInt64Vector(BlockNames.Initializer(prefix, "key_axes"), 1, 2);
        string keyIsReal = builder.AddNode($"{prefix}/Unsqueeze_keys", "Unsqueeze", [isReal, keyAxes]);
        string allowed = builder.AddNode($"{prefix}/And", "And", [keyIsReal, queryKeyAllowed]);
        string open = builder.AddFloatScalar(BlockNames.Initializer(prefix, "open"), 0f);
        string masked = builder.AddFloatScalar(BlockNames.Initializer(prefix, "masked"), MaskedValue);
        return builder.AddNode($"{prefix}/Where", "Where", [allowed, open, masked]);
    }
}
