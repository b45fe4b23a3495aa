using System.Globalization;
using Maria.Export.Configs;

namespace Maria.Export.Architectures.ModernBert;

/// <summary>
/// The safetensors keys of a Hugging Face <c>ModernBertForMaskedLM</c> checkpoint (architectures.md §1.2) and the
/// shapes config.json implies for them. Matrices are in nn.Linear orientation <c>[out, in]</c>.
/// </summary>
internal static class ModernBertTensorNames
{
    public const string TokenEmbeddings = "model.embeddings.tok_embeddings.weight";
    public const string EmbeddingNorm = "model.embeddings.norm.weight";
    public const string FinalNorm = "model.final_norm.weight";
    public const string HeadDense = "head.dense.weight";
    public const string HeadNorm = "head.norm.weight";
    public const string DecoderWeight = "decoder.weight";
    public const string DecoderBias = "decoder.bias";

    /// <summary>Layer 0 has none (Identity in Hugging Face).</summary>
    public static string AttentionNorm(int layer) => Layer(layer, "attn_norm.weight");

    /// <summary>Fused Q, K, V: <c>[3H, H]</c>.</summary>
    public static string QueryKeyValue(int layer) => Layer(layer, "attn.Wqkv.weight");

    /// <summary>Attention output projection <c>[H, H]</c>.</summary>
    public static string AttentionOutput(int layer) => Layer(layer, "attn.Wo.weight");

    /// <summary>LayerNorm before the MLP.</summary>
    public static string MlpNorm(int layer) => Layer(layer, "mlp_norm.weight");

    /// <summary>Fused GeGLU input and gate <c>[2I, H]</c>.</summary>
    public static string MlpInput(int layer) => Layer(layer, "mlp.Wi.weight");

    /// <summary>MLP output projection <c>[H, I]</c>.</summary>
    public static string MlpOutput(int layer) => Layer(layer, "mlp.Wo.weight");

    /// <summary>
    /// Every tensor the graph reads, with the shape config.json implies, in checkpoint order. decoder.weight is not
    /// listed: it is tied to the token embeddings and optional (see <see cref="ModernBertCheckpointCheck"/>).
    /// </summary>
    public static IReadOnlyList<(string Name, long[] Shape)> Required(ModernBertConfig config)
    {
        long h = config.HiddenSize, i = config.IntermediateSize;
        var tensors = new List<(string, long[])>
        {
            (TokenEmbeddings, [config.VocabSize, h]),
            (EmbeddingNorm, [h]),
        };
        for (int layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            if (layer > 0)
            {
                tensors.Add((AttentionNorm(layer), [h]));
            }
            tensors.Add((QueryKeyValue(layer), [3 * h, h]));
            tensors.Add((AttentionOutput(layer), [h, h]));
            tensors.Add((MlpNorm(layer), [h]));
            tensors.Add((MlpInput(layer), [2 * i, h]));
            tensors.Add((MlpOutput(layer), [h, i]));
        }
        tensors.Add((FinalNorm, [h]));
        tensors.Add((HeadDense, [h, h]));
        tensors.Add((HeadNorm, [h]));
        if (config.DecoderBias)
        {
            tensors.Add((DecoderBias, [config.VocabSize]));
        }
        return tensors;
    }

    private static string Layer(int layer, string suffix) => string.Create(CultureInfo.InvariantCulture, $"model.layers.{layer}.{suffix}");
}
