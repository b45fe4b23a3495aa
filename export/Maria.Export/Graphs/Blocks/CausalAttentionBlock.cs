using Maria.Export.Onnx;

namespace Maria.Export.Graphs.Blocks;

/// <summary>
/// Causal attention with a KV cache as ONNX Runtime's <c>com.microsoft GroupQueryAttention</c> (float32 on CPU).
/// <para>Feeding (checked against ORT 1.31 by the tests, see NOTES.md):</para>
/// <list type="bullet">
/// <item>past/present are <c>[batch, kvHeads, maxLength, headDim]</c>. Binding the SAME OrtValue as past_key input
/// and present_key output (and likewise for values) makes ORT write the new keys in place: no copy, no growth.</item>
/// <item><c>total_sequence_length</c> (int32 scalar) = past_len + S; <c>seqlens_k</c> (int32 [batch]) = past_len + S - 1
/// per row. Positions for fused RoPE are derived from them (past_len .. past_len+S-1).</item>
/// <item>First prompt: S == total. Single steps: S == 1. A later prefill chunk (S &gt; 1 with a past) is accepted
/// for batch 1 only.</item>
/// <item>head_dim must be a multiple of 8 (16 with fused RoPE; cos/sin width a multiple of 8).</item>
/// </list>
/// </summary>
public static class CausalAttentionBlock
{
    /// <summary>Emits <c>{prefix}/GroupQueryAttention</c> writing the present key/value to the given names.</summary>
    /// <param name="builder">The graph.</param>
    /// <param name="prefix">e.g. <c>/model/layers.0/attn</c>.</param>
    /// <param name="inputs">Value names of the operator inputs.</param>
    /// <param name="numHeads">Query heads.</param>
    /// <param name="kvNumHeads">Key/value heads (numHeads for plain multi-head attention; fewer for GQA).</param>
    /// <param name="presentKeyName">Output name, e.g. <c>present.0.key</c>.</param>
    /// <param name="presentValueName">Output name, e.g. <c>present.0.value</c>.</param>
    public static GroupQueryAttentionOutputs AddGroupQueryAttention(
        OnnxGraphBuilder builder, string prefix, GroupQueryAttentionInputs inputs, int numHeads, int kvNumHeads,
        string presentKeyName, string presentValueName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(inputs);
        if (numHeads <= 0 || kvNumHeads <= 0 || numHeads % kvNumHeads != 0)
        {
            throw new ArgumentException($"{prefix}: num_heads {numHeads} must be a positive multiple of kv_num_heads {kvNumHeads}", nameof(numHeads));
        }

        if ((inputs.CosCache is null) != (inputs.SinCache is null))
        {
            throw new ArgumentException($"{prefix}: give both cos and sin caches or neither", nameof(inputs));
        }

        bool rotary = inputs.CosCache is not null;
        string[] operands =
        [
            inputs.Query, inputs.Key, inputs.Value, inputs.PastKey, inputs.PastValue, inputs.SeqLensK, inputs.TotalSequenceLength,
            .. rotary ? new[] { inputs.CosCache!, inputs.SinCache! } : [],
        ];
        var outputs = builder.AddNode($"{prefix}/GroupQueryAttention", "GroupQueryAttention", OnnxDomains.Microsoft, operands,
            [null, presentKeyName, presentValueName],
            OnnxAttribute.Int("num_heads", numHeads),
            OnnxAttribute.Int("kv_num_heads", kvNumHeads),
            OnnxAttribute.Int("do_rotary", rotary ? 1 : 0),
            OnnxAttribute.Int("rotary_interleaved", 0));
        return new GroupQueryAttentionOutputs(outputs[0], outputs[1], outputs[2]);
    }
}
