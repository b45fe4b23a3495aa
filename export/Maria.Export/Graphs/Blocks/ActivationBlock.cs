using Maria.Export.Onnx;

namespace Maria.Export.Graphs.Blocks;

/// <summary>Activations and gated MLP cores: exact (erf) GELU, SiLU, GeGLU (ModernBERT), SwiGLU (OLMo, Llama).</summary>
public static class ActivationBlock
{
    /// <summary>Exact GELU <c>0.5·x·(1+erf(x/√2))</c> as opset-20 <c>Gelu(approximate="none")</c> (node <c>{prefix}/Gelu</c>).</summary>
    public static string AddGelu(OnnxGraphBuilder builder, string prefix, string input)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddNode($"{prefix}/Gelu", "Gelu", [input], OnnxAttribute.String("approximate", "none"));
    }

    /// <summary>SiLU <c>x·σ(x)</c> as Sigmoid then Mul (nodes <c>{prefix}/Sigmoid</c>, <c>{prefix}/Mul</c>).</summary>
    public static string AddSilu(OnnxGraphBuilder builder, string prefix, string input)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string sigmoid = builder.AddNode($"{prefix}/Sigmoid", "Sigmoid", [input]);
        return builder.AddNode($"{prefix}/Mul", "Mul", [input, sigmoid]);
    }

    /// <summary>
    /// ModernBERT's GeGLU on the fused projection <c>z [..., 2I]</c>: <c>GELU(z[..., :I]) ⊙ z[..., I:]</c>
    /// (the first half is activated, the second half is the linear gate, as torch <c>chunk(2)</c>).
    /// </summary>
    /// <returns><c>[..., I]</c>.</returns>
    public static string AddGeGlu(OnnxGraphBuilder builder, string prefix, string fusedInput)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var halves = builder.AddNode($"{prefix}/Split", "Split", OnnxDomains.Standard, [fusedInput], [null, null],
            OnnxAttribute.Int("axis", -1), OnnxAttribute.Int("num_outputs", 2));
        string activated = AddGelu(builder, prefix, halves[0]);
        return builder.AddNode($"{prefix}/Mul", "Mul", [activated, halves[1]]);
    }

    /// <summary>SwiGLU core <c>silu(gate) ⊙ up</c> on two projections of the same width.</summary>
    public static string AddSwiGlu(OnnxGraphBuilder builder, string prefix, string gate, string up)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string activated = AddSilu(builder, $"{prefix}/act", gate);
        return builder.AddNode($"{prefix}/Mul", "Mul", [activated, up]);
    }
}
