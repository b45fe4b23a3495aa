using Maria.Export.Checkpoints;
using Maria.Export.Configs;

namespace Maria.Export.Tests.Architectures.Causal;

/// <summary>
/// The decoder tests' tiny configs, and their checkpoints written by <see cref="TinyCheckpoint"/>: every tensor
/// config.json implies for OLMo v1 / Llama, and the two output tensors of a ModernBERT (its tied embedding and
/// decoder.bias), which is all the product-of-experts head reads.
/// </summary>
internal static class TinyCheckpoints
{
    public static OlmoConfig Olmo(bool tied = true, double? clipQkv = null, int headDim = 16) => new()
    {
        VocabSize = 48,
        HiddenSize = 2 * headDim,
        IntermediateSize = 40,
        NumHiddenLayers = 2,
        NumAttentionHeads = 2,
        NumKeyValueHeads = 2,
        MaxPositionEmbeddings = 32,
        TieWordEmbeddings = tied,
        RopeTheta = 10000,
        EosTokenId = 47,
        PadTokenId = 1,
        ClipQkv = clipQkv,
    };

    public static LlamaConfig Llama(int headDim = 16) => new()
    {
        VocabSize = 48,
        HiddenSize = 32,
        IntermediateSize = 24,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        ExplicitHeadDim = headDim,
        MaxPositionEmbeddings = 32,
        TieWordEmbeddings = false,
        RopeTheta = 500000,
        EosTokenId = 47,
        PadTokenId = 1,
        RmsNormEps = 1e-6,
    };

    public static ModernBertConfig ModernBert(int hidden = 24, int vocab = 56) => ModernBertConfig.Base() with
    {
        VocabSize = vocab,
        HiddenSize = hidden,
        IntermediateSize = 32,
        NumHiddenLayers = 1,
        NumAttentionHeads = 2,
        MaxPositionEmbeddings = 64,
        PadTokenId = 50,
        ClsTokenId = 51,
        SepTokenId = 52,
        BosTokenId = 51,
        EosTokenId = 52,
    };

    /// <summary>
    /// Writes config.json and model.safetensors with the tensors the layout lists for <paramref name="config"/>, each
    /// random (scale 0.3; norm weights 1 ± 0.2), except those <paramref name="replace"/> maps to a different shape (or
    /// null to leave the tensor out). Returns the values as stored (rounded to half precision for F16 or when asked).
    /// </summary>
    public static Dictionary<string, float[]> WriteCausal(string directory, CausalLmConfig config, int seed,
        IReadOnlyDictionary<string, long[]?>? replace = null, SafetensorsDType storeAs = SafetensorsDType.F32, bool roundToHalf = false)
    {
        return TinyCheckpoint.Write(directory, config, TensorFill.PerTensor(seed, 0.3f, 0.2f), Edit, storeAs: storeAs, roundToHalf: roundToHalf);

        void Edit(List<TensorSpec> tensors)
        {
            foreach (var (name, shape) in replace ?? new Dictionary<string, long[]?>())
            {
                int index = tensors.FindIndex(t => t.Name == name);
                Assert.True(index >= 0, $"test setup: the layout of {config.Architecture} has no tensor {name}");
                if (shape is null)
                {
                    tensors.RemoveAt(index);
                }
                else
                {
                    tensors[index] = tensors[index] with { Shape = shape };
                }
            }
        }
    }

    /// <summary>Writes a ModernBERT folder holding only its output tensors (the embedding and decoder.bias); returns (W2, b2).</summary>
    public static (float[] Embedding, float[] Bias) WriteMaskedOutputs(string directory, ModernBertConfig config, int seed)
    {
        var values = TinyCheckpoint.Write(directory, config, TensorFill.PerTensor(seed, 0.3f, 0.2f),
            tensors => tensors.RemoveAll(t => t.Name is not ("model.embeddings.tok_embeddings.weight" or "decoder.bias")));
        return (values["model.embeddings.tok_embeddings.weight"], values["decoder.bias"]);
    }
}
