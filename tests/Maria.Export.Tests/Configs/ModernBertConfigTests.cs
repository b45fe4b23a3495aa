using Maria.Export.Configs;

namespace Maria.Export.Tests.Configs;

public sealed class ModernBertConfigTests
{
    [Fact]
    public void Older_key_style_of_the_public_base_config_reads_as_the_base_factory()
    {
        var config = ModelConfigReader.Parse(PublicConfigJson.ModernBertBaseOlderKeys, "base.json");

        Assert.Equal(ModernBertConfig.Base(), config);
    }

    [Fact]
    public void Newer_layer_types_and_rope_parameters_read_as_the_large_factory()
    {
        var config = ModelConfigReader.Parse(PublicConfigJson.ModernBertLargeNewerKeys(), "large.json");

        Assert.Equal(ModernBertConfig.Large(), config);
    }

    [Fact]
    public void Missing_modernbert_specific_keys_take_the_hugging_face_defaults()
    {
        var config = (ModernBertConfig)ModelConfigReader.Parse("""
            {"architectures": ["ModernBertForMaskedLM"], "vocab_size": 50368, "hidden_size": 64, "intermediate_size": 96,
             "num_hidden_layers": 4, "num_attention_heads": 4}
            """, "tiny.json");

        Assert.Equal(50283, config.PadTokenId);
        Assert.Equal(50281, config.ClsTokenId);
        Assert.Equal(50282, config.SepTokenId);
        Assert.Null(config.MaskTokenId);
        Assert.Equal(160000.0, config.GlobalRopeTheta);
        Assert.Equal(10000.0, config.LocalRopeTheta);
        Assert.Equal(3, config.GlobalAttnEveryNLayers);
        Assert.Equal(128, config.LocalAttention);
        Assert.Equal(1e-5, config.NormEps);
        Assert.Equal(8192, config.MaxPositionEmbeddings);
        Assert.True(config.TieWordEmbeddings);
        Assert.True(config.DecoderBias);
    }

    [Fact]
    public void Base_has_global_attention_on_every_third_layer_with_its_own_rope_base()
    {
        var config = ModernBertConfig.Base();

        int[] global = [.. Enumerable.Range(0, config.NumHiddenLayers).Where(config.IsGlobalLayer)];

        Assert.Equal([0, 3, 6, 9, 12, 15, 18, 21], global);
        Assert.Equal(160000.0, config.RopeThetaForLayer(3));
        Assert.Equal(10000.0, config.RopeThetaForLayer(4));
        Assert.Equal(64, config.HeadDim);
        Assert.Throws<ArgumentOutOfRangeException>(() => config.IsGlobalLayer(22));
    }

    [Fact]
    public void Layer_types_with_a_different_period_set_global_attention_every_n_layers()
    {
        var config = (ModernBertConfig)ModelConfigReader.Parse(TinyWith("""
            "num_hidden_layers": 4, "layer_types": ["full_attention", "sliding_attention", "full_attention", "sliding_attention"]
            """), "tiny.json");

        Assert.Equal(2, config.GlobalAttnEveryNLayers);
    }

    [Fact]
    public void Layer_types_length_different_from_num_hidden_layers_is_refused()
    {
        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse(TinyWith("""
            "num_hidden_layers": 4, "layer_types": ["full_attention", "sliding_attention", "sliding_attention"]
            """), "tiny.json"));

        Assert.Contains("layer_types", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 entries but num_hidden_layers is 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("tiny.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layer_types_that_are_not_periodic_are_refused()
    {
        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse(TinyWith("""
            "num_hidden_layers": 4, "layer_types": ["full_attention", "sliding_attention", "full_attention", "full_attention"]
            """), "tiny.json"));

        Assert.Contains("layer 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layer_types_disagreeing_with_global_attn_every_n_layers_are_refused()
    {
        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse(TinyWith("""
            "num_hidden_layers": 3, "global_attn_every_n_layers": 3, "layer_types": ["full_attention", "full_attention", "full_attention"]
            """), "tiny.json"));

        Assert.Contains("global_attn_every_n_layers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rope_theta_given_in_both_styles_with_different_values_is_refused()
    {
        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse(TinyWith("""
            "num_hidden_layers": 2, "global_rope_theta": 160000.0,
            "rope_parameters": {"full_attention": {"rope_theta": 80000.0, "rope_type": "default"}}
            """), "tiny.json"));

        Assert.Contains("global_rope_theta", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rope_scaling_type_in_rope_parameters_is_refused_by_name()
    {
        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse(TinyWith("""
            "num_hidden_layers": 2, "rope_parameters": {"sliding_attention": {"rope_theta": 10000.0, "rope_type": "yarn"}}
            """), "tiny.json"));

        Assert.Contains("\"yarn\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Odd_local_window_is_refused()
    {
        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse(TinyWith("""
            "num_hidden_layers": 2, "local_attention": 127
            """), "tiny.json"));

        Assert.Contains("local_attention", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attention_bias_is_refused_because_the_graphs_have_no_such_bias()
    {
        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse(TinyWith("""
            "num_hidden_layers": 2, "attention_bias": true
            """), "tiny.json"));

        Assert.Contains("attention_bias", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Special_token_id_outside_the_vocabulary_is_refused()
    {
        // No token ids given: the public defaults (pad 50283 ...) do not fit a 100-row vocabulary.
        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse("""
            {"architectures": ["ModernBertForMaskedLM"], "vocab_size": 100, "hidden_size": 64, "intermediate_size": 96,
             "num_hidden_layers": 2, "num_attention_heads": 4}
            """, "tiny.json"));

        Assert.Contains("outside the vocabulary [0, 100)", error.Message, StringComparison.Ordinal);
    }

    private static string TinyWith(string extra) => $$"""
        {"architectures": ["ModernBertForMaskedLM"], "vocab_size": 100, "hidden_size": 64, "intermediate_size": 96,
         "num_attention_heads": 4, "pad_token_id": 3, "cls_token_id": 1, "sep_token_id": 2, "bos_token_id": 1, "eos_token_id": 2,
         {{extra}}}
        """;
}
