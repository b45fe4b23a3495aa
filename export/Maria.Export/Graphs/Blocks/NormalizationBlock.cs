using Maria.Export.Onnx;

namespace Maria.Export.Graphs.Blocks;

/// <summary>
/// Normalisations over the last (hidden) axis, computed in float32.
/// LayerNorm uses opset-17 <c>LayerNormalization</c> (which requires a Scale input: a constant ones vector when
/// the model has none); RMSNorm uses ONNX Runtime's <c>SimplifiedLayerNormalization</c>.
/// </summary>
public static class NormalizationBlock
{
    /// <summary>OLMo v1's parameter-free LayerNorm: <c>(x-μ)/sqrt(σ²+ε)</c>, no γ, no β (node <c>{prefix}/LayerNormalization</c>).</summary>
    public static string AddLayerNormWithoutScale(OnnxGraphBuilder builder, string prefix, string input, int hidden, float epsilon = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var ones = new float[hidden];
        Array.Fill(ones, 1f);
        string scale = builder.AddFloatInitializer(BlockNames.Initializer(prefix, "ones"), ones, hidden);
        return EmitLayerNormalization(builder, prefix, input, scale, epsilon);
    }

    /// <summary>ModernBERT's LayerNorm with γ and no β.</summary>
    public static string AddLayerNorm(OnnxGraphBuilder builder, string prefix, string input, ReadOnlySpan<float> scale, float epsilon = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string scaleName = builder.AddFloatInitializer(BlockNames.Initializer(prefix, "weight"), scale, scale.Length);
        return EmitLayerNormalization(builder, prefix, input, scaleName, epsilon);
    }

    /// <summary>
    /// Llama/OLMo-2 RMSNorm <c>x / sqrt(mean(x²)+ε) · γ</c> as <c>SimplifiedLayerNormalization</c>
    /// (node <c>{prefix}/SimplifiedLayerNormalization</c>; ONNX Runtime registers it in the ai.onnx domain).
    /// </summary>
    public static string AddRmsNorm(OnnxGraphBuilder builder, string prefix, string input, ReadOnlySpan<float> scale, float epsilon = 1e-6f)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string scaleName = builder.AddFloatInitializer(BlockNames.Initializer(prefix, "weight"), scale, scale.Length);
        return builder.AddNode($"{prefix}/SimplifiedLayerNormalization", "SimplifiedLayerNormalization", [input, scaleName],
            OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", epsilon), OnnxAttribute.Int("stash_type", 1));
    }

    private static string EmitLayerNormalization(OnnxGraphBuilder builder, string prefix, string input, string scale, float epsilon) =>
        builder.AddNode($"{prefix}/LayerNormalization", "LayerNormalization", [input, scale],
            OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", epsilon), OnnxAttribute.Int("stash_type", 1));
}
