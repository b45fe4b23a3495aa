namespace Maria.Export.Configs;

/// <summary>
/// Builds <see cref="OlmoConfig"/> and <see cref="LlamaConfig"/>. Sizes are required; other keys take the Hugging Face
/// defaults of the respective config class. Features the graphs do not implement (biases, activations other than SiLU,
/// RoPE scaling) are refused by name rather than silently ignored.
/// </summary>
internal static class CausalLmConfigReader
{
    public static OlmoConfig ReadOlmo(ConfigJson json)
    {
        RefuseUnimplemented(json);
        int heads = json.RequiredInt("num_attention_heads");
        return new OlmoConfig
        {
            VocabSize = json.RequiredInt("vocab_size"),
            HiddenSize = json.RequiredInt("hidden_size"),
            IntermediateSize = json.RequiredInt("intermediate_size"),
            NumHiddenLayers = json.RequiredInt("num_hidden_layers"),
            NumAttentionHeads = heads,
            NumKeyValueHeads = json.Int("num_key_value_heads", heads),
            MaxPositionEmbeddings = json.Int("max_position_embeddings", 2048),
            TieWordEmbeddings = json.Bool("tie_word_embeddings", false),
            RopeTheta = RopeSettingsReader.ReadTheta(json, 10000.0),
            EosTokenId = json.OptionalTokenId("eos_token_id") ?? 50279,
            PadTokenId = json.OptionalTokenId("pad_token_id") ?? 1,
            BosTokenId = json.OptionalTokenId("bos_token_id"),
            ClipQkv = json.OptionalDouble("clip_qkv"),
        };
    }

    public static LlamaConfig ReadLlama(ConfigJson json)
    {
        RefuseUnimplemented(json);
        json.RequireFalse("mlp_bias", "MLP layers with biases are not implemented");
        int heads = json.RequiredInt("num_attention_heads");
        int eos = json.OptionalTokenId("eos_token_id") ?? 2;
        return new LlamaConfig
        {
            VocabSize = json.RequiredInt("vocab_size"),
            HiddenSize = json.RequiredInt("hidden_size"),
            IntermediateSize = json.RequiredInt("intermediate_size"),
            NumHiddenLayers = json.RequiredInt("num_hidden_layers"),
            NumAttentionHeads = heads,
            NumKeyValueHeads = json.Int("num_key_value_heads", heads),
            ExplicitHeadDim = json.OptionalInt("head_dim"),
            MaxPositionEmbeddings = json.Int("max_position_embeddings", 2048),
            TieWordEmbeddings = json.Bool("tie_word_embeddings", false),
            RopeTheta = RopeSettingsReader.ReadTheta(json, 10000.0),
            RmsNormEps = json.Double("rms_norm_eps", 1e-6),
            EosTokenId = eos,
            // Llama configs often have no pad id; padding positions are masked, so EOS is a safe stand-in.
            PadTokenId = json.OptionalTokenId("pad_token_id") ?? eos,
            // An explicit null means "no BOS"; an absent key means the Hugging Face default, 1.
            BosTokenId = json.IsExplicitNull("bos_token_id") ? null : json.OptionalTokenId("bos_token_id") ?? 1,
        };
    }

    private static void RefuseUnimplemented(ConfigJson json)
    {
        json.RequireFalse("attention_bias", "attention projections with biases are not implemented");
        string activation = json.String("hidden_act", "silu");
        if (activation != "silu")
        {
            throw json.Error("hidden_act", $"is \"{activation}\"; only \"silu\" (SwiGLU) is implemented");
        }
    }
}
