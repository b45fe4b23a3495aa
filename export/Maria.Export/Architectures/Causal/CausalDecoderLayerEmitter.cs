using Maria.Export.Configs;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Export.Weights;
using Maria.Export.Packaging;
using Maria.Runtime.Packaging;

namespace Maria.Export.Architectures.Causal;

/// <summary>
/// Emits one pre-norm decoder layer of OLMo v1 / Llama (architectures.md §2.3, §4), h [batch, S, H] -> h:
/// <code>
/// x = norm(h); qkv = x·[Wq|Wk|Wv]ᵀ (one packed MatMul); clip_qkv; split -> q [.., Nq·D], k, v [.., Nkv·D]
/// q, k = RotaryEmbedding(q, k; position_ids); a = CachedAttention(q, k, v, cache) ; h += a·Woᵀ
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
            // OLMo: clamp q, k and v to [-c, c] after the projection and before RoPE.
            string low = builder.AddFloatScalar(BlockNames.Initializer($"{prefix}/clip_qkv", "min"), -clip);
            string high = builder.AddFloatScalar(BlockNames.Initializer($"{prefix}/clip_qkv", "max"), clip);
            qkv = builder.AddNode($"{prefix}/clip_qkv/Clip", "Clip", [qkv, low, high]);
        }

        string splits = builder.AddInt64Vector(BlockNames.Initializer($"{prefix}/qkv_split", "split"), QueryWidth, KeyValueWidth, KeyValueWidth);
        var parts = builder.AddNode($"{prefix}/qkv_split/Split", "Split", OnnxDomains.Standard, [qkv, splits], [null, null, null],
            OnnxAttribute.Int("axis", -1));
        string positions = attention.Inputs.PositionIds;
        string query = RotaryEmbeddingBlock.AddRotaryEmbedding(builder, $"{prefix}/q_rotary", parts[0], positions, attention.Cos, attention.Sin, config.NumAttentionHeads);
        string key = RotaryEmbeddingBlock.AddRotaryEmbedding(builder, $"{prefix}/k_rotary", parts[1], positions, attention.Cos, attention.Sin, config.NumKeyValueHeads);

        string pastKey = builder.AddInput(GraphNames.PastKey(layer), TensorProto.Types.DataType.Float, attention.CacheShape);
        string pastValue = builder.AddInput(GraphNames.PastValue(layer), TensorProto.Types.DataType.Float, attention.CacheShape);
        var inputs = new CachedAttentionBlock.Inputs(query, key, parts[2], pastKey, pastValue,
            attention.Inputs.ScatterIndices(builder, config.NumKeyValueHeads), attention.Inputs.AttentionBias(builder, pastKey));
        string output = CachedAttentionBlock.Add(builder, prefix, inputs, config.NumAttentionHeads, config.NumKeyValueHeads, config.HeadDim,
            GraphNames.PresentKey(layer), GraphNames.PresentValue(layer));                                      // [batch, S, Nq·D]
        builder.AddOutput(GraphNames.PresentKey(layer), TensorProto.Types.DataType.Float, attention.CacheShape);
        builder.AddOutput(GraphNames.PresentValue(layer), TensorProto.Types.DataType.Float, attention.CacheShape);

        return QuantizedLinear.AddLinear(builder, $"{prefix}/o_proj", output, [weights.AttentionOutput(layer)], storage); // [batch, S, H]
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
