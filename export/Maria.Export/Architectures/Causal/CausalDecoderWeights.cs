using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Export.Head;
using Maria.Export.Weights;

namespace Maria.Export.Architectures.Causal;

/// <summary>
/// The tensors of an OLMo v1 / Llama checkpoint (Hugging Face names, nn.Linear orientation), every one checked for
/// presence, shape and float dtype against config.json when this object is created, i.e. before any file is
/// written. Matrices are lazy views over the memory-mapped checkpoint.
/// </summary>
internal sealed class CausalDecoderWeights
{
    private readonly HuggingFaceCheckpoint _checkpoint;
    private readonly CausalLmConfig _config;
    private readonly CausalNormKind _norm;

    public CausalDecoderWeights(HuggingFaceCheckpoint checkpoint, CausalLmConfig config, CausalNormKind norm)
    {
        _checkpoint = checkpoint;
        _config = config;
        _norm = norm;
        Embedding = OutputMatrices.Require(checkpoint, OutputMatrices.CausalEmbedding, config.VocabSize, config.HiddenSize);
        Output = OutputMatrices.CausalOutput(checkpoint);
        for (int layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            _ = Query(layer);
            _ = Key(layer);
            _ = Value(layer);
            _ = AttentionOutput(layer);
            _ = Gate(layer);
            _ = Up(layer);
            _ = Down(layer);
            if (norm == CausalNormKind.RmsNorm)
            {
                _ = InputNorm(layer);
                _ = PostAttentionNorm(layer);
            }
        }

        if (norm == CausalNormKind.RmsNorm)
        {
            _ = FinalNorm();
        }
    }

    /// <summary>model.embed_tokens.weight [V, H].</summary>
    public WeightMatrix Embedding { get; }

    /// <summary>W1 [V, H]: lm_head.weight, or the embedding when tied.</summary>
    public WeightMatrix Output { get; }

    private int QueryWidth => _config.NumAttentionHeads * _config.HeadDim;

    private int KeyValueWidth => _config.NumKeyValueHeads * _config.HeadDim;

    public WeightMatrix Query(int layer) => Matrix(layer, "self_attn.q_proj", QueryWidth, _config.HiddenSize);

    public WeightMatrix Key(int layer) => Matrix(layer, "self_attn.k_proj", KeyValueWidth, _config.HiddenSize);

    public WeightMatrix Value(int layer) => Matrix(layer, "self_attn.v_proj", KeyValueWidth, _config.HiddenSize);

    public WeightMatrix AttentionOutput(int layer) => Matrix(layer, "self_attn.o_proj", _config.HiddenSize, QueryWidth);

    public WeightMatrix Gate(int layer) => Matrix(layer, "mlp.gate_proj", _config.IntermediateSize, _config.HiddenSize);

    public WeightMatrix Up(int layer) => Matrix(layer, "mlp.up_proj", _config.IntermediateSize, _config.HiddenSize);

    public WeightMatrix Down(int layer) => Matrix(layer, "mlp.down_proj", _config.HiddenSize, _config.IntermediateSize);

    /// <summary>RMSNorm weight before attention (Llama only) [H].</summary>
    public float[] InputNorm(int layer) => Vector($"model.layers.{layer}.input_layernorm.weight");

    /// <summary>RMSNorm weight before the MLP (Llama only) [H].</summary>
    public float[] PostAttentionNorm(int layer) => Vector($"model.layers.{layer}.post_attention_layernorm.weight");

    /// <summary>model.norm.weight (Llama only) [H].</summary>
    public float[] FinalNorm() => Vector("model.norm.weight");

    private WeightMatrix Matrix(int layer, string module, int rows, int columns) =>
        OutputMatrices.Require(_checkpoint, $"model.layers.{layer}.{module}.weight", rows, columns);

    private float[] Vector(string name)
    {
        System.Diagnostics.Debug.Assert(_norm == CausalNormKind.RmsNorm, "only RMSNorm models have norm weights");
        return OutputMatrices.RequireVector(_checkpoint, name, _config.HiddenSize).ToArray();
    }
}
