using System.Globalization;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Weights;
using Names = Maria.Export.Architectures.ModernBert.ModernBertTensorNames;

namespace Maria.Export.Architectures.ModernBert;

/// <summary>
/// Emits one pre-norm ModernBERT encoder layer (architectures.md §1.3), nodes under <c>/model/layers.{i}</c>:
/// <code>
/// x   = attn_norm(h)                (Identity for layer 0)
/// q, k, v = split(x · Wqkvᵀ)        [B, T, H] each
/// q, k = RoPE(q), RoPE(k)           rotate_half, θ of the layer's kind
/// h   = h + MHA(q, k, v; mask) · Woᵀ
/// h   = h + (GELU(z[:I]) ⊙ z[I:]) · Woᵀ  with z = mlp_norm(h) · Wiᵀ
/// </code>
/// </summary>
internal static class ModernBertLayerEmitter
{
    /// <summary><paramref name="hidden"/> <c>[batch, seq, H]</c> -> the layer's output <c>[batch, seq, H]</c>.</summary>
    public static string Emit(ModernBertGraphContext context, int layer, string hidden)
    {
        var builder = context.Builder;
        string prefix = string.Create(CultureInfo.InvariantCulture, $"/model/layers.{layer}");
        int heads = context.Config.NumAttentionHeads;
        var attention = context.AttentionFor(layer);

        string normed = layer == 0
            ? hidden
            : NormalizationBlock.AddLayerNorm(builder, $"{prefix}/attn_norm", hidden, context.Tensors.ReadAsFloat32(Names.AttentionNorm(layer)), context.Epsilon);
        string qkv = Linear(context, $"{prefix}/attn/Wqkv", normed, Names.QueryKeyValue(layer), () =>
            context.Progress?.Report(string.Create(CultureInfo.InvariantCulture, $"encoder: writing layer {layer + 1}/{context.Config.NumHiddenLayers}")));
        // Wqkv output channels: [0, H) = Q, [H, 2H) = K, [2H, 3H) = V.
        var parts = builder.AddNode($"{prefix}/attn/Split", "Split", OnnxDomains.Standard, [qkv], [null, null, null],
            OnnxAttribute.Int("axis", -1), OnnxAttribute.Int("num_outputs", 3));
        string query = RotaryEmbeddingBlock.AddRotaryEmbedding(builder, $"{prefix}/attn/q_rotary", parts[0], context.PositionIds, attention.Cos, attention.Sin, heads);
        string key = RotaryEmbeddingBlock.AddRotaryEmbedding(builder, $"{prefix}/attn/k_rotary", parts[1], context.PositionIds, attention.Cos, attention.Sin, heads);
        string attended = BidirectionalAttentionBlock.AddMultiHeadAttention(builder, $"{prefix}/attn", query, key, parts[2], attention.Mask, heads);
        string attentionOutput = Linear(context, $"{prefix}/attn/Wo", attended, Names.AttentionOutput(layer));
        hidden = builder.AddNode($"{prefix}/attn_residual/Add", "Add", [hidden, attentionOutput]);

        string mlpInput = NormalizationBlock.AddLayerNorm(builder, $"{prefix}/mlp_norm", hidden, context.Tensors.ReadAsFloat32(Names.MlpNorm(layer)), context.Epsilon);
        string fused = Linear(context, $"{prefix}/mlp/Wi", mlpInput, Names.MlpInput(layer));   // [B, T, 2I]
        string gated = ActivationBlock.AddGeGlu(builder, $"{prefix}/mlp/act", fused);          // [B, T, I]
        string mlpOutput = Linear(context, $"{prefix}/mlp/Wo", gated, Names.MlpOutput(layer));
        return builder.AddNode($"{prefix}/mlp_residual/Add", "Add", [hidden, mlpOutput]);
    }

    /// <summary><c>x · Wᵀ</c> as MatMul with the checkpoint weight streamed, transposed, into <c>{prefix}.MatMul.weight</c> (int8: MatMulNBits).</summary>
    public static string Linear(ModernBertGraphContext context, string prefix, string input, string tensorName, Action? onWrite = null)
    {
        if (context.Storage.IsBlockQuantized())
        {
            return QuantizedLinear.AddLinear(context.Builder, prefix, input, [WeightMatrix.FromTensor(context.Tensors, tensorName)], context.Storage, onWrite);
        }

        string weight = CheckpointInitializers.AddTransposedMatrix(context.Builder, prefix, context.Tensors, tensorName, context.Storage, onWrite);
        return context.Builder.AddNode($"{prefix}/MatMul", "MatMul", [input, weight]);
    }
}
