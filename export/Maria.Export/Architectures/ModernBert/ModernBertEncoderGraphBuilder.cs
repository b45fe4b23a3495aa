using System.Globalization;
using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Runtime;
using Maria.Export.Packaging;
using Maria.Runtime.Packaging;

namespace Maria.Export.Architectures.ModernBert;

/// <summary>
/// Builds the MLM encoder graph of a Hugging Face <c>ModernBertForMaskedLM</c> checkpoint with exactly the Hugging Face
/// math (architectures.md §1.3, fp32 compute):
/// <code>
/// input_ids, attention_mask [B, T] (right padding), logit_positions [B, n]   (int64)
/// h = LayerNorm(E[input_ids])                                   embeddings
/// h = layer_i(h), i = 0..L-1                                    global (θ_g, padding mask) when i % every_n == 0,
///                                                               local (θ_l, |q-k| ≤ window/2 and padding) otherwise
/// mlm_hidden = LayerNorm(GELU(final_norm(h) · denseᵀ))          [B, T, H]
/// mlm_logits = mlm_hidden[b, logit_positions[b, j]] · E[:V_s]ᵀ + decoder.bias[:V_s]   [B, n, V_s]
/// </code>
/// Every tensor is checked against config.json before anything is built; weights are streamed from the memory-mapped
/// checkpoint into one external data file beside the graph (<c>{file}.data</c>, 64 KiB-aligned).
/// </summary>
public sealed class ModernBertEncoderGraphBuilder : IEncoderGraphBuilder
{
    /// <inheritdoc/>
    public string Architecture => "ModernBertForMaskedLM";

    /// <inheritdoc/>
    public EncoderManifest Build(EncoderBuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var checkpoint = request.Checkpoint;
        if (checkpoint.Config is not ModernBertConfig config)
        {
            throw new MariaInputException(
                $"checkpoint '{checkpoint.Directory}' is a {checkpoint.Config.Architecture}, not a {Architecture}; pass a ModernBERT masked LM folder as the encoder");
        }
        string decoderTensor = ModernBertCheckpointCheck.Validate(checkpoint, config, request.SharedVocabularySize, request.ContextLength);
        var progress = request.Progress;
        progress?.Report(Line($"encoder: {checkpoint.Tensors.Tensors.Count} tensors match config.json; building {config.NumHiddenLayers} layers, H {config.HiddenSize}, {config.NumAttentionHeads} heads"));

        var builder = new OnnxGraphBuilder("modernbert_encoder");
        builder.AddMetadata("maria.component", "encoder");
        builder.AddMetadata("maria.architecture", Architecture);
        string inputIds = builder.AddInput(GraphNames.InputIds, TensorProto.Types.DataType.Int64, "batch_size", "sequence_length");
        string attentionMask = builder.AddInput(GraphNames.AttentionMask, TensorProto.Types.DataType.Int64, "batch_size", "sequence_length");
        string logitPositions = builder.AddInput(GraphNames.LogitPositions, TensorProto.Types.DataType.Int64, "batch_size", "num_logit_positions");

        var context = CreateContext(builder, config, checkpoint.Tensors, request, inputIds, attentionMask);
        string embeddings = CheckpointInitializers.AddMatrix(builder, "/model/embeddings/tok_embeddings", "weight", checkpoint.Tensors,
            ModernBertTensorNames.TokenEmbeddings, request.Weights.ForEmbeddings(), () => progress?.Report("encoder: writing embeddings"));         // [V, H]
        string hidden = builder.AddNode("/model/embeddings/tok_embeddings/Gather", "Gather", [embeddings, inputIds]);       // [B, T, H]
        hidden = NormalizationBlock.AddLayerNorm(builder, "/model/embeddings/norm", hidden,
            checkpoint.Tensors.ReadAsFloat32(ModernBertTensorNames.EmbeddingNorm), context.Epsilon);
        for (int layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            hidden = ModernBertLayerEmitter.Emit(context, layer, hidden);
        }
        hidden = NormalizationBlock.AddLayerNorm(builder, "/model/final_norm", hidden,
            checkpoint.Tensors.ReadAsFloat32(ModernBertTensorNames.FinalNorm), context.Epsilon);

        string mlmHidden = ModernBertHeadEmitter.EmitTransform(context, hidden);
        string decoderMatrix = decoderTensor == ModernBertTensorNames.TokenEmbeddings
            ? embeddings
            : CheckpointInitializers.AddMatrix(builder, "/head/decoder", "weight", checkpoint.Tensors, decoderTensor, request.Weights.ForEmbeddings());
        string mlmLogits = ModernBertHeadEmitter.EmitLogits(context, mlmHidden, logitPositions, decoderMatrix, request.SharedVocabularySize);
        builder.AddOutput(mlmHidden, TensorProto.Types.DataType.Float, "batch_size", "sequence_length", config.HiddenSize);
        builder.AddOutput(mlmLogits, TensorProto.Types.DataType.Float, "batch_size", "num_logit_positions", request.SharedVocabularySize);

        progress?.Report(Line($"encoder: {builder.NodeCount} nodes, {builder.InitializerBytes} bytes of weights; writing {request.OutputPath}"));
        var saved = builder.Save(request.OutputPath, ExternalDataOptions.External);
        progress?.Report(Line($"encoder: wrote {saved.ModelPath} and {saved.ExternalDataPath} ({saved.ExternalDataBytes} bytes)"));
        return new EncoderManifest
        {
            File = Path.GetFileName(request.OutputPath),
            Architecture = Architecture,
            HiddenSize = config.HiddenSize,
            NumLayers = config.NumHiddenLayers,
            NumAttentionHeads = config.NumAttentionHeads,
            ContextLength = request.ContextLength,
            Weights = Packaging.PackageExporter.WeightsName(request.Weights),
            Inputs = GraphNames.EncoderInputTable(),
            Outputs = GraphNames.EncoderOutputTable(),
        };
    }

    /// <summary>Position ids, masks and RoPE caches, each built once and shared by the layers of its kind.</summary>
    private static ModernBertGraphContext CreateContext(OnnxGraphBuilder builder, ModernBertConfig config, ITensorSource tensors,
        EncoderBuildRequest request, string inputIds, string attentionMask)
    {
        const string prefix = "/model/position_ids";
        string shape = builder.AddNode($"{prefix}/Shape", "Shape", [inputIds]);                                                   // [2] = (B, T)
        string length = builder.AddNode($"{prefix}/Gather", "Gather", [shape, builder.AddInt64Scalar(BlockNames.Initializer(prefix, "one"), 1)],
            OnnxAttribute.Int("axis", 0));
        string range = builder.AddNode($"{prefix}/Range", "Range",
            [builder.AddInt64Scalar(BlockNames.Initializer(prefix, "start"), 0), length, builder.AddInt64Scalar(BlockNames.Initializer(prefix, "step"), 1)]); // [T]
        string row = builder.AddNode($"{prefix}/Unsqueeze", "Unsqueeze", [range, builder.AddInt64Vector(BlockNames.Initializer(prefix, "axis_0"), 0)]);   // [1, T]
        string positionIds = builder.AddNode($"{prefix}/Expand", "Expand", [row, shape]);                                         // [B, T]

        var global = Kind(builder, "global", AttentionMaskBlock.AddPaddingMask(builder, "/model/global_mask", attentionMask),
            config.HeadDim, config.GlobalRopeTheta, request.ContextLength);
        bool anyLocal = Enumerable.Range(0, config.NumHiddenLayers).Any(layer => !config.IsGlobalLayer(layer));
        var local = anyLocal
            ? Kind(builder, "local", AttentionMaskBlock.AddSlidingWindowMask(builder, "/model/local_mask", attentionMask, config.LocalAttention / 2),
                config.HeadDim, config.LocalRopeTheta, request.ContextLength)
            : null;
        return new ModernBertGraphContext(builder, config, tensors, request.Weights, positionIds, global, local, request.Progress);
    }

    private static ModernBertAttentionKind Kind(OnnxGraphBuilder builder, string name, string mask, int headDim, double theta, int contextLength)
    {
        var (cos, sin) = RotaryEmbeddingBlock.AddCaches(builder, $"/model/{name}_rotary", RotaryTables.Compute(headDim, (float)theta, contextLength));
        return new ModernBertAttentionKind(mask, cos, sin);
    }

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
