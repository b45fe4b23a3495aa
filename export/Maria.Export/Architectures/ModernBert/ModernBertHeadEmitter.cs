using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Export.Packaging;
using Maria.Runtime.Packaging;
using Names = Maria.Export.Architectures.ModernBert.ModernBertTensorNames;

namespace Maria.Export.Architectures.ModernBert;

/// <summary>
/// The MLM head of <c>ModernBertForMaskedLM</c>: the head transform producing <c>mlm_hidden</c> for every position,
/// and the decoder producing <c>mlm_logits</c> only at <c>logit_positions</c> (with n = 0 the Gemm has no rows).
/// </summary>
internal static class ModernBertHeadEmitter
{
    /// <summary>final hidden <c>[B, T, H]</c> -> <c>mlm_hidden</c> = LayerNorm(GELU(h · denseᵀ)) <c>[B, T, H]</c> (order dense, act, norm).</summary>
    public static string EmitTransform(ModernBertGraphContext context, string finalHidden)
    {
        var builder = context.Builder;
        string dense = ModernBertLayerEmitter.Linear(context, "/head/dense", finalHidden, Names.HeadDense);
        string activated = ActivationBlock.AddGelu(builder, "/head/act", dense);
        string scale = builder.AddFloatInitializer(BlockNames.Initializer("/head/norm", "weight"), context.Tensors.ReadAsFloat32(Names.HeadNorm), context.Config.HiddenSize);
        return builder.AddNode("/head/norm/LayerNormalization", "LayerNormalization", OnnxDomains.Standard, [activated, scale], [GraphNames.MlmHidden],
            OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", context.Epsilon), OnnxAttribute.Int("stash_type", 1))[0];
    }

    /// <summary>
    /// u <c>[B, T, H]</c>, positions <c>[B, n]</c> -> <c>mlm_logits</c> <c>[B, n, V_s]</c> = u[b, positions[b, j]] · decoderᵀ + bias, first V_s columns.
    /// </summary>
    /// <param name="context">The graph.</param>
    /// <param name="mlmHidden">u.</param>
    /// <param name="logitPositions">The int64 positions input.</param>
    /// <param name="decoderMatrix">float32 value <c>[V, H]</c>: the token embeddings (tied) or decoder.weight.</param>
    /// <param name="sharedVocabularySize">V_s ≤ V.</param>
    public static string EmitLogits(ModernBertGraphContext context, string mlmHidden, string logitPositions, string decoderMatrix, int sharedVocabularySize)
    {
        var builder = context.Builder;
        const string prefix = "/head/decoder";
        int vocabulary = context.Config.VocabSize;
        string indices = builder.AddNode($"{prefix}/Unsqueeze", "Unsqueeze", [logitPositions, builder.AddInt64Vector(BlockNames.Initializer(prefix, "last_axis"), -1)]); // [B, n, 1]
        string rows = builder.AddNode($"{prefix}/GatherND", "GatherND", [mlmHidden, indices], OnnxAttribute.Int("batch_dims", 1));   // [B, n, H]
        string flat = builder.AddNode($"{prefix}/Flatten", "Flatten", [rows], OnnxAttribute.Int("axis", 2));                          // [B·n, H]

        // Gemm with transB multiplies by the [V, H] matrix as stored, so the tied embeddings serve both Gather and decoder.
        string[] gemmInputs = context.Config.DecoderBias
            ? [flat, decoderMatrix, builder.AddFloatInitializer(BlockNames.Initializer(prefix, "bias"), context.Tensors.ReadAsFloat32(Names.DecoderBias), vocabulary)]
            : [flat, decoderMatrix];
        string scores = builder.AddNode($"{prefix}/Gemm", "Gemm", gemmInputs, OnnxAttribute.Int("transB", 1));                        // [B·n, V]
        if (sharedVocabularySize < vocabulary)
        {
            scores = builder.AddNode($"{prefix}/Slice", "Slice", [scores,
                builder.AddInt64Vector(BlockNames.Initializer(prefix, "slice_starts"), 0),
                builder.AddInt64Vector(BlockNames.Initializer(prefix, "slice_ends"), sharedVocabularySize),
                builder.AddInt64Vector(BlockNames.Initializer(prefix, "slice_axes"), 1)]);                                            // [B·n, V_s]
        }

        string positionsShape = builder.AddNode($"{prefix}/Shape", "Shape", [logitPositions]);                                        // [B, n]
        string outputShape = builder.AddNode($"{prefix}/Concat", "Concat",
            [positionsShape, builder.AddInt64Vector(BlockNames.Initializer(prefix, "vocabulary"), sharedVocabularySize)], OnnxAttribute.Int("axis", 0));
        // allowzero: with n = 0 the target [B, 0, V_s] must mean a zero dimension, not "copy the input's dimension".
        return builder.AddNode($"{prefix}/Reshape", "Reshape", OnnxDomains.Standard, [scores, outputShape], [GraphNames.MlmLogits],
            OnnxAttribute.Int("allowzero", 1))[0];
    }
}
