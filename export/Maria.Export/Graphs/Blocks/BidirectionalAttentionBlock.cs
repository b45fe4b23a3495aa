using Maria.Export.Onnx;

namespace Maria.Export.Graphs.Blocks;

/// <summary>
/// Bidirectional multi-head attention (ModernBERT) as ONNX Runtime's <c>com.microsoft MultiHeadAttention</c>:
/// <c>softmax(Q·Kᵀ/√D + mask)·V</c> per head, heads concatenated head-major. RoPE must already be applied to
/// Q and K. The additive mask comes from <see cref="AttentionMaskBlock"/>.
/// </summary>
public static class BidirectionalAttentionBlock
{
    /// <summary>Emits <c>{prefix}/MultiHeadAttention</c>.</summary>
    /// <param name="builder">The graph.</param>
    /// <param name="prefix">e.g. <c>/model/layers.0/attn</c>.</param>
    /// <param name="query"><c>[batch, seq, numHeads·headDim]</c>.</param>
    /// <param name="key"><c>[batch, seq, numHeads·headDim]</c>.</param>
    /// <param name="value"><c>[batch, seq, numHeads·headDim]</c>.</param>
    /// <param name="additiveMask"><c>[batch, 1, seq, seq]</c> float32 (0 or a large finite negative).</param>
    /// <param name="numHeads">Heads; head dimension = width / numHeads; scale = headDim^-0.5.</param>
    /// <returns><c>[batch, seq, numHeads·headDim]</c>.</returns>
    public static string AddMultiHeadAttention(
        OnnxGraphBuilder builder, string prefix, string query, string key, string value, string additiveMask, int numHeads)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numHeads);
        // Inputs: query, key, value, bias, key_padding_mask, attention_bias.
        return builder.AddMicrosoftNode($"{prefix}/MultiHeadAttention", "MultiHeadAttention",
            [query, key, value, "", "", additiveMask], OnnxAttribute.Int("num_heads", numHeads));
    }
}
