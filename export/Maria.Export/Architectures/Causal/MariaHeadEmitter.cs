using Maria.Export.Graphs.Blocks;
using Maria.Export.Head;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Export.Weights;
using Maria.Export.Packaging;
using Maria.Runtime.Packaging;

namespace Maria.Export.Architectures.Causal;

/// <summary>
/// Emits the decoder's outputs from the final-norm states v [batch, S, d_ar], only at the requested positions
/// (ONNX Runtime runs the whole graph whatever is fetched, so the head costs nothing when n = m = 0):
/// <code>
/// hidden_states = v.flat[logit_positions]                              [n, d_ar]   (flat index b·S + s)
/// logits        = hidden_states·W_arᵀ + mlm_hidden·W_mlmᵀ + b3         [n, V_s]    (two MatMuls, no concat)
/// ar_logits     = v.flat[ar_logit_positions]·W1[:V_s]ᵀ                 [m, 1, V_s]
/// </code>
/// ar_logits carries a middle axis of 1 so that onnxruntime-genai can read it as a decoder's logits: genai binds
/// [batch, 1, vocabulary] for a graph whose logits have a static 1 there ("pruned" logits, last token only), which
/// for one text with <c>ar_logit_positions = [-1]</c> is exactly this output (see GenAiConfigWriter).
/// </summary>
internal static class MariaHeadEmitter
{
    /// <summary>Node prefix of the AR-only logits; its weight W1[:V_s] is <c>lm_head.MatMul.weight</c> or <c>lm_head.MatMulNBits.*</c>.</summary>
    public const string ArOutputPrefix = "/lm_head";

    /// <summary>Node prefix of the head (its bias b3 [V_s] is <c>maria_head.bias</c>, always float32).</summary>
    public const string HeadPrefix = "/maria_head";

    /// <summary>Suffix of the bias initialiser under <see cref="HeadPrefix"/>.</summary>
    public const string BiasSuffix = "bias";

    /// <summary>Node prefix of W_ar [V_s, d_ar] (absent when the product-of-experts head reuses W1).</summary>
    public const string ArPartPrefix = "/maria_head/ar_part";

    /// <summary>Node prefix of W_mlm [V_s, d_mlm].</summary>
    public const string MlmPartPrefix = "/maria_head/mlm_part";

    /// <summary>The scalar ½ that multiplies v·W1ᵀ when the product-of-experts head reuses W1.</summary>
    public const string ArPartScaleInitializer = "maria_head.ar_part.scale";

    /// <summary>Adds the three outputs.</summary>
    /// <param name="builder">The graph.</param>
    /// <param name="inputs">The decoder inputs (positions, MLM rows).</param>
    /// <param name="finalHidden">v [batch, S, d_ar].</param>
    /// <param name="arOutput">W1 [V, d_ar] of the AR checkpoint.</param>
    /// <param name="head">The MARIA head.</param>
    /// <param name="reuseArOutput">True when head.ArPart is ½·W1[:V_s] of this very checkpoint (product of experts).</param>
    /// <param name="storage">Weight storage of the two big matrices.</param>
    public static void Emit(OnnxGraphBuilder builder, DecoderInputs inputs, string finalHidden, WeightMatrix arOutput, MariaHead head,
        bool reuseArOutput, WeightStorage storage)
    {
        int sharedVocabulary = head.SharedVocabularySize;
        int arHidden = head.ArHiddenSize;

        // AR-only logits over the shared vocabulary: W1[:V_s] stored transposed [d_ar, V_s].
        var arWeight = QuantizedLinear.AddWeight(builder, ArOutputPrefix, [arOutput.FirstRows(sharedVocabulary)], storage);
        string arRows = GatherRows(builder, "/lm_head/gather", finalHidden, inputs.ArLogitPositions, arHidden, output: null);
        string arLogits = QuantizedLinear.AddMatMul(builder, ArOutputPrefix, arRows, arWeight);                          // [m, V_s]
        builder.AddNode($"{ArOutputPrefix}/Unsqueeze", "Unsqueeze", OnnxDomains.Standard,
            [arLogits, builder.AddInt64Vector("lm_head.unsqueeze_axes", 1)], [GraphNames.ArLogits]);                    // [m, 1, V_s]
        builder.AddOutput(GraphNames.ArLogits, TensorProto.Types.DataType.Float, DecoderInputs.ArLogitCount, 1, sharedVocabulary);

        // MARIA logits z = v·W_arᵀ + u·W_mlmᵀ + b3 at logit_positions.
        string v = GatherRows(builder, "/maria_head/gather", finalHidden, inputs.LogitPositions, arHidden, GraphNames.ArHidden);
        builder.AddOutput(GraphNames.ArHidden, TensorProto.Types.DataType.Float, DecoderInputs.LogitCount, arHidden);
        string arTerm;
        if (reuseArOutput)
        {
            // W_ar = ½·W1[:V_s]: multiply by ½ after the MatMul (exact in binary floating point) instead of storing W1 twice.
            string product = QuantizedLinear.AddMatMul(builder, ArPartPrefix, v, arWeight);
            string half = builder.AddFloatScalar(ArPartScaleInitializer, MariaHead.ProductOfExpertsScale);
            arTerm = builder.AddNode("/maria_head/ar_part/Mul", "Mul", [product, half]);
        }
        else
        {
            arTerm = QuantizedLinear.AddLinear(builder, ArPartPrefix, v, [head.ArPart], storage);
        }

        string mlmTerm = QuantizedLinear.AddLinear(builder, MlmPartPrefix, inputs.MlmRows, [head.MlmPart], storage);
        string sum = builder.AddNode("/maria_head/Add", "Add", [arTerm, mlmTerm]);
        string bias = WeightInitializers.AddVector(builder, HeadPrefix, BiasSuffix, head.Bias);
        builder.AddNode("/maria_head/bias/Add", "Add", OnnxDomains.Standard, [sum, bias], [GraphNames.Logits]);
        builder.AddOutput(GraphNames.Logits, TensorProto.Types.DataType.Float, DecoderInputs.LogitCount, sharedVocabulary);
    }

    /// <summary>
    /// rows[j, :] = states[positions[j] / S, positions[j] % S, :]: the states flattened to [batch·S, d] and gathered
    /// on axis 0, so a batch asks for exactly the rows it needs (n may be 0).
    /// </summary>
    private static string GatherRows(OnnxGraphBuilder builder, string prefix, string states, string positions, int width, string? output)
    {
        string flat = builder.AddNode($"{prefix}/Reshape", "Reshape", [states, builder.AddInt64Vector(BlockNames.Initializer(prefix, "flat_shape"), -1, width)]); // [batch·S, d]
        return builder.AddNode($"{prefix}/Gather", "Gather", OnnxDomains.Standard, [flat, positions], [output], OnnxAttribute.Int("axis", 0))[0]; // [n, d]
    }
}
