using Maria.Export.Configs;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Runtime;
using Maria.Export.Packaging;
using Maria.Runtime.Packaging;

namespace Maria.Export.Architectures.Causal;

/// <summary>
/// The decoder graph shared by the OLMo v1 and Llama families (one subclass per architecture supplies the
/// differences): embedding Gather, pre-norm layers with a packed QKV MatMul, cached attention on a shared
/// [batch, kv_heads, capacity, head_dim] cache (see <see cref="CachedAttentionBlock"/>), packed SwiGLU, final norm, and the MARIA head (see
/// <see cref="MariaHeadEmitter"/>). Every tensor is checked against config.json before anything is written, and
/// weights stream from the memory-mapped checkpoint into the file while it is saved (external data above 2 GB).
/// </summary>
public abstract class CausalDecoderGraphBuilder : IDecoderGraphBuilder
{
    /// <inheritdoc/>
    public abstract string Architecture { get; }

    /// <summary>The norm of this family.</summary>
    protected abstract CausalNormKind Norm { get; }

    /// <summary>ε of every norm, from the config.</summary>
    protected abstract float NormEpsilon(CausalLmConfig config);

    /// <summary>OLMo's clip_qkv, or null.</summary>
    protected abstract float? ClipQkv(CausalLmConfig config);

    /// <summary>Whether <paramref name="config"/> is this builder's config record type.</summary>
    protected abstract bool Accepts(CausalLmConfig config);

    /// <inheritdoc/>
    public DecoderManifest Build(DecoderBuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var config = CheckRequest(request);
        request.Progress?.Report($"decoder: checking {request.Checkpoint.WeightsPath}");
        var weights = new CausalDecoderWeights(request.Checkpoint, config, Norm);
        bool reuseArOutput = request.Head.ArOutputCheckpoint is { } source
            && string.Equals(source, Path.GetFullPath(request.Checkpoint.Directory), StringComparison.Ordinal);

        var builder = new OnnxGraphBuilder("maria_decoder");
        builder.AddMetadata("maria.architecture", Architecture);
        builder.AddMetadata("maria.head", request.Head.Kind);
        var inputs = DecoderInputs.Add(builder, request.Head.MlmHiddenSize, config.NumAttentionHeads / config.NumKeyValueHeads);
        var attention = AttentionContext(builder, inputs, config, request.ContextLength);
        var layers = new CausalDecoderLayerEmitter(builder, config, Norm, NormEpsilon(config), ClipQkv(config), weights, request.Weights, attention);

        string hidden = EmbedTokens(builder, weights.Embedding, inputs.InputIds, request.Weights);                    // [batch, S, H]
        for (int layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            hidden = layers.Emit(layer, hidden);                                                                    // [batch, S, H]
        }

        string finalHidden = layers.FinalNorm(hidden);                                                              // v [batch, S, H]
        MariaHeadEmitter.Emit(builder, inputs, finalHidden, weights.Output, request.Head, reuseArOutput, request.Weights);

        request.Progress?.Report($"decoder: writing {request.OutputPath} ({builder.InitializerBytes / 1e6:F0} MB of weights)");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(request.OutputPath));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        builder.Save(request.OutputPath);
        return Manifest(request, config);
    }

    /// <summary>
    /// Token embeddings: int4 packages gather from a 4-bit table (GatherBlockQuantized, the table stays 4-bit in memory),
    /// the others from the table as stored (int8 packages: fp16, folded to fp32 at load).
    /// </summary>
    private static string EmbedTokens(OnnxGraphBuilder builder, Weights.WeightMatrix table, string ids, WeightStorage storage)
    {
        if (storage.Quantization() is { Bits: 4 } scheme)
        {
            return Weights.Int4EmbeddingTable.AddGather(builder, "/model/embed_tokens", table, ids, scheme.BlockSize);
        }

        string embeddings = Weights.WeightInitializers.AddAsStored(builder, "/model/embed_tokens", "weight", table, storage.ForEmbeddings());
        return builder.AddNode("/model/embed_tokens/Gather", "Gather", [embeddings, ids], OnnxAttribute.Int("axis", 0));
    }

    private CausalLmConfig CheckRequest(DecoderBuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request.Checkpoint);
        ArgumentNullException.ThrowIfNull(request.Head);
        string source = request.Checkpoint.Directory;
        if (request.Checkpoint.Config is not CausalLmConfig config || !Accepts(config))
        {
            throw new MariaInputException(
                $"{source}: config.json says {request.Checkpoint.Config.Architecture}, but the {Architecture} builder was asked to export it; use ArchitectureRegistry.Decoder with the checkpoint's architecture");
        }

        if (request.SharedVocabularySize <= 0 || request.SharedVocabularySize > config.VocabSize)
        {
            throw new MariaInputException(
                $"{source}: shared vocabulary size {request.SharedVocabularySize} is outside 1..{config.VocabSize} (the model's vocab_size); pass the number of ids both tokenizers share");
        }

        if (request.ContextLength <= 0 || request.ContextLength > config.MaxPositionEmbeddings)
        {
            throw new MariaInputException(
                $"{source}: context length {request.ContextLength} is outside 1..{config.MaxPositionEmbeddings} (max_position_embeddings); choose a context the model was trained for");
        }

        if (request.Head.SharedVocabularySize != request.SharedVocabularySize || request.Head.ArHiddenSize != config.HiddenSize)
        {
            throw new MariaInputException(
                $"{source}: the MARIA head is [{request.Head.SharedVocabularySize}, {request.Head.ArHiddenSize} + {request.Head.MlmHiddenSize}] but this export needs V_s = {request.SharedVocabularySize} and d_ar = {config.HiddenSize}; use a head trained for this model pair");
        }

        if (config.HeadDim % 2 != 0)
        {
            throw new MariaInputException(
                $"{source}: head_dim {config.HeadDim} is odd, but rotary embeddings rotate pairs of dimensions; this model cannot be exported");
        }

        return config;
    }

    /// <summary>
    /// RoPE tables for positions 0..context: one row more than the context, for the scratch cache slot that padded
    /// chunk tokens are written to (a cache holds at most context + 1 slots).
    /// </summary>
    private static DecoderAttentionContext AttentionContext(OnnxGraphBuilder builder, DecoderInputs inputs, CausalLmConfig config, int contextLength)
    {
        var tables = RotaryTables.Compute(config.HeadDim, (float)config.RopeTheta, contextLength + 1);
        var (cos, sin) = RotaryEmbeddingBlock.AddCaches(builder, "/model/rotary_emb", tables);
        OnnxDimension[] cacheShape = [DecoderInputs.Batch, config.NumKeyValueHeads, DecoderInputs.CacheLength, config.HeadDim];
        return new DecoderAttentionContext(inputs, cos, sin, cacheShape);
    }

    private DecoderManifest Manifest(DecoderBuildRequest request, CausalLmConfig config) => new()
    {
        File = Path.GetFileName(request.OutputPath),
        Architecture = Architecture,
        HiddenSize = config.HiddenSize,
        NumLayers = config.NumHiddenLayers,
        NumAttentionHeads = config.NumAttentionHeads,
        NumKeyValueHeads = config.NumKeyValueHeads,
        HeadDim = config.HeadDim,
        ContextLength = request.ContextLength,
        KeyValueLayout = GraphRoles.StaticCacheLayout,
        Weights = Packaging.PackageExporter.WeightsName(request.Weights),
        Inputs = GraphNames.DecoderInputTable(),
        Outputs = GraphNames.DecoderOutputTable(),
    };
}
