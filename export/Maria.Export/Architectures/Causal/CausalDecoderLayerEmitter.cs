using Maria.Export.Configs;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Export.Weights;
using Maria.Runtime.Packaging;

namespace Maria.Export.Architectures.Causal;

/// <summary>
/// Emits one pre-norm decoder layer of OLMo v1 / Llama (architectures.md §2.3, §4), h [batch, S, H] -> h:
/// <code>
/// x = norm(h); qkv = x·[Wq|Wk|Wv]ᵀ (one packed MatMul); clip_qkv; split -> q [.., Nq·D], k, v [.., Nkv·D]
/// a = GroupQueryAttention(q, k, v, cache; rotate_half RoPE fused, or RotaryEmbedding first) ; h += a·Woᵀ
/// y = norm(h); [gate|up] = y·[Wg|Wu]ᵀ (one packed MatMul); h += (silu(gate)·up)·Wdᵀ
/// </code>
/// </summary>
internal sealed class CausalDecoderLayerEmitter(
    OnnxGraphBuilder builder, CausalLmConfig config, CausalNormKind norm, float normEpsilon, float? clipQkv,
    CausalDecoderWeights weights, WeightStorage storage, DecoderAttentionContext attention)
{
    private int QueryWidth => config.NumAttentionHeads * config.HeadDim;

    private int KeyValueWidth => config.NumKeyValueHeads * config.HeadDim;

    /// <summary>Emits layer <paramref name="layer"/> on <paramref name="hidden"/> [batch, S, H]; returns the new residual stream.</summary>
    public string Emit(int layer, string hidden)
    {
        string prefix = $"/model/layers.{layer}";
        string x = Norm($"{prefix}/input_layernorm", hidden, () => weights.InputNorm(layer));
        string attentionOutput = Attention(layer, $"{prefix}/attn", x);
        string afterAttention = builder.AddNode($"{prefix}/residual_add_attn/Add", "Add", [hidden, attentionOutput]);
        string y = Norm($"{prefix}/post_attention_layernorm", afterAttention, () => weights.PostAttentionNorm(layer));
        string mlpOutput = Mlp(layer, $"{prefix}/mlp", y);
        return builder.AddNode($"{prefix}/residual_add_mlp/Add", "Add", [afterAttention, mlpOutput]);
    }

    /// <summary>The final norm after the last layer: v [batch, S, H].</summary>
    public string FinalNorm(string hidden) => Norm("/model/norm", hidden, weights.FinalNorm);

    private string Norm(string prefix, string input, Func<float[]> rmsWeight) => norm == CausalNormKind.RmsNorm
        ? NormalizationBlock.AddRmsNorm(builder, prefix, input, rmsWeight(), normEpsilon)
        : NormalizationBlock.AddLayerNormWithoutScale(builder, prefix, input, config.HiddenSize, normEpsilon);

    private string Attention(int layer, string prefix, string x)
    {
        string qkv = QuantizedLinear.AddLinear(builder, $"{prefix}/qkv_proj", x,
            [weights.Query(layer), weights.Key(layer), weights.Value(layer)], storage);            // [batch, S, (Nq+2Nkv)·D]
        if (clipQkv is float clip)
        {
            // OLMo: clamp q, k and v to [-c, c] after the projection and before RoPE (inside GQA when fused).
            string low = builder.AddFloatScalar(BlockNames.Initializer($"{prefix}/clip_qkv", "min"), -clip);
            string high = builder.AddFloatScalar(BlockNames.Initializer($"{prefix}/clip_qkv", "max"), clip);
            qkv = builder.AddNode($"{prefix}/clip_qkv/Clip", "Clip", [qkv, low, high]);
        }

        string splits = builder.AddInt64Vector(BlockNames.Initializer($"{prefix}/qkv_split", "split"), QueryWidth, KeyValueWidth, KeyValueWidth);
        var parts = builder.AddNode($"{prefix}/qkv_split/Split", "Split", OnnxDomains.Standard, [qkv, splits], [null, null, null],
            OnnxAttribute.Int("axis", -1));
        string query = parts[0], key = parts[1], value = parts[2];
        if (attention.PositionIds is { } positions)
        {
            query = RotaryEmbeddingBlock.AddRotaryEmbedding(builder, $"{prefix}/q_rotary", query, positions, attention.Cos, attention.Sin, config.NumAttentionHeads);
            key = RotaryEmbeddingBlock.AddRotaryEmbedding(builder, $"{prefix}/k_rotary", key, positions, attention.Cos, attention.Sin, config.NumKeyValueHeads);
        }

        string pastKey = builder.AddInput(GraphNames.PastKey(layer), TensorProto.Types.DataType.Float, attention.CacheShape);
        string pastValue = builder.AddInput(GraphNames.PastValue(layer), TensorProto.Types.DataType.Float, attention.CacheShape);
        bool fused = attention.PositionIds is null;
        var inputs = new GroupQueryAttentionInputs(query, key, value, pastKey, pastValue, attention.SeqLensK, attention.TotalSequenceLength,
            fused ? attention.Cos : null, fused ? attention.Sin : null);
        var outputs = CausalAttentionBlock.AddGroupQueryAttention(builder, prefix, inputs, config.NumAttentionHeads, config.NumKeyValueHeads,
            GraphNames.PresentKey(layer), GraphNames.PresentValue(layer));
        builder.AddOutput(GraphNames.PresentKey(layer), TensorProto.Types.DataType.Float, attention.CacheShape);
        builder.AddOutput(GraphNames.PresentValue(layer), TensorProto.Types.DataType.Float, attention.CacheShape);

        return QuantizedLinear.AddLinear(builder, $"{prefix}/o_proj", outputs.Output, [weights.AttentionOutput(layer)], storage); // [batch, S, H]
    }

    private string Mlp(int layer, string prefix, string y)
    {
        string gateUp = QuantizedLinear.AddLinear(builder, $"{prefix}/gate_up_proj", y, [weights.Gate(layer), weights.Up(layer)], storage); // [batch, S, 2I]
        var halves = builder.AddNode($"{prefix}/gate_up_split/Split", "Split", OnnxDomains.Standard, [gateUp], [null, null],
            OnnxAttribute.Int("axis", -1), OnnxAttribute.Int("num_outputs", 2));
        string inner = ActivationBlock.AddSwiGlu(builder, prefix, halves[0], halves[1]);                          // [batch, S, I]
        return QuantizedLinear.AddLinear(builder, $"{prefix}/down_proj", inner, [weights.Down(layer)], storage);  // [batch, S, H]
    }
}
