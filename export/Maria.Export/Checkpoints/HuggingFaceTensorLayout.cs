using Maria.Export.Configs;
using Maria.Runtime;

namespace Maria.Export.Checkpoints;

/// <summary>
/// The tensors a public Hugging Face checkpoint of each architecture holds, in state-dict order, with the public
/// names and orientations (architectures.md §1.2, §2.2, §4). Tied heads own no tensor: a tied ModernBERT has no
/// decoder.weight, a tied OLMo/Llama has no lm_head.weight. The one list of these names in the tree: the TorchSharp
/// modules of maria-train yield exactly it from named_parameters(), the random checkpoint writer streams it without
/// building a module, and the test checkpoint builder (tests/Maria.Testing) fills it.
/// </summary>
public static class HuggingFaceTensorLayout
{
    /// <summary>The tensors of a checkpoint with <paramref name="config"/>.</summary>
    public static IReadOnlyList<TensorSpec> For(ModelConfig config) => config switch
    {
        ModernBertConfig modernBert => ModernBert(modernBert),
        OlmoConfig olmo => Causal(olmo, withNormWeights: false),
        LlamaConfig llama => Causal(llama, withNormWeights: true),
        _ => throw new MariaInputException(
            $"architecture '{config.Architecture}' has no known tensor layout; supported: ModernBertForMaskedLM, OlmoForCausalLM, LlamaForCausalLM"),
    };

    private static List<TensorSpec> ModernBert(ModernBertConfig c)
    {
        RequirePublicModernBertTensors(c);
        long h = c.HiddenSize, i = c.IntermediateSize;
        var tensors = new List<TensorSpec>
        {
            Matrix("model.embeddings.tok_embeddings.weight", c.VocabSize, h),
            Norm("model.embeddings.norm.weight", h),
        };
        for (int layer = 0; layer < c.NumHiddenLayers; layer++)
        {
            string prefix = $"model.layers.{layer}.";
            if (layer > 0)
            {
                tensors.Add(Norm(prefix + "attn_norm.weight", h));   // layer 0 uses Identity
            }
            tensors.Add(Matrix(prefix + "attn.Wqkv.weight", 3 * h, h));
            tensors.Add(Matrix(prefix + "attn.Wo.weight", h, h));
            tensors.Add(Norm(prefix + "mlp_norm.weight", h));
            tensors.Add(Matrix(prefix + "mlp.Wi.weight", 2 * i, h));
            tensors.Add(Matrix(prefix + "mlp.Wo.weight", h, i));
        }
        tensors.Add(Norm("model.final_norm.weight", h));
        tensors.Add(Matrix("head.dense.weight", h, h));
        tensors.Add(Norm("head.norm.weight", h));
        if (!c.TieWordEmbeddings)
        {
            tensors.Add(Matrix("decoder.weight", c.VocabSize, h));   // untied: the decoder's own matrix
        }
        tensors.Add(new TensorSpec("decoder.bias", new long[] { c.VocabSize }, TensorRole.Bias));
        return tensors;
    }

    private static List<TensorSpec> Causal(CausalLmConfig c, bool withNormWeights)
    {
        long h = c.HiddenSize, i = c.IntermediateSize;
        long queryWidth = (long)c.NumAttentionHeads * c.HeadDim, keyValueWidth = (long)c.NumKeyValueHeads * c.HeadDim;
        var tensors = new List<TensorSpec> { Matrix("model.embed_tokens.weight", c.VocabSize, h) };
        for (int layer = 0; layer < c.NumHiddenLayers; layer++)
        {
            string prefix = $"model.layers.{layer}.";
            if (withNormWeights)
            {
                tensors.Add(Norm(prefix + "input_layernorm.weight", h));
            }
            tensors.Add(Matrix(prefix + "self_attn.q_proj.weight", queryWidth, h));
            tensors.Add(Matrix(prefix + "self_attn.k_proj.weight", keyValueWidth, h));
            tensors.Add(Matrix(prefix + "self_attn.v_proj.weight", keyValueWidth, h));
            tensors.Add(Matrix(prefix + "self_attn.o_proj.weight", h, queryWidth));
            if (withNormWeights)
            {
                tensors.Add(Norm(prefix + "post_attention_layernorm.weight", h));
            }
            tensors.Add(Matrix(prefix + "mlp.gate_proj.weight", i, h));
            tensors.Add(Matrix(prefix + "mlp.up_proj.weight", i, h));
            tensors.Add(Matrix(prefix + "mlp.down_proj.weight", h, i));
        }
        if (withNormWeights)
        {
            tensors.Add(Norm("model.norm.weight", h));
        }
        if (!c.TieWordEmbeddings)
        {
            tensors.Add(Matrix("lm_head.weight", c.VocabSize, h));
        }
        return tensors;
    }

    // The options that add or remove tensors; the public ModernBERT checkpoints have none of them, so a config with one
    // would list tensors no file of this layout holds.
    private static void RequirePublicModernBertTensors(ModernBertConfig c)
    {
        string? key = c.NormBias ? "norm_bias true" : c.ClassifierBias ? "classifier_bias true"
            : !c.DecoderBias ? "decoder_bias false" : null;
        if (key is not null)
        {
            throw new MariaInputException(
                $"ModernBERT config has {key}; the tensor layout covers only the public checkpoints' options (norm_bias false, classifier_bias false, decoder_bias true)");
        }
    }

    private static TensorSpec Matrix(string name, long rows, long columns) => new(name, new[] { rows, columns }, TensorRole.Matrix);

    private static TensorSpec Norm(string name, long size) => new(name, new[] { size }, TensorRole.NormScale);
}
