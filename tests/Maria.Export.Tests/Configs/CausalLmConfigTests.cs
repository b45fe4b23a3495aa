using Maria.Export.Configs;

namespace Maria.Export.Tests.Configs;

public sealed class CausalLmConfigTests
{
    [Fact]
    public void Public_olmo_1b_config_reads_as_the_factory()
    {
        var config = ModelConfigReader.Parse(PublicConfigJson.Olmo1B, "olmo.json");

        Assert.Equal(OlmoConfig.Olmo1B(), config);
        Assert.Null(((OlmoConfig)config).ClipQkv);
        Assert.Equal(128, config.HeadDim);
    }

    [Fact]
    public void Olmo_clip_qkv_is_read()
    {
        string json = PublicConfigJson.Olmo1B.Replace("\"clip_qkv\": null", "\"clip_qkv\": 8.0", StringComparison.Ordinal);

        var config = (OlmoConfig)ModelConfigReader.Parse(json, "olmo.json");

        Assert.Equal(8.0, config.ClipQkv);
    }

    [Fact]
    public void Olmo_non_positive_clip_qkv_is_refused()
    {
        string json = PublicConfigJson.Olmo1B.Replace("\"clip_qkv\": null", "\"clip_qkv\": -1.0", StringComparison.Ordinal);

        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse(json, "olmo.json"));

        Assert.Contains("clip_qkv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Llama_grouped_query_attention_and_explicit_head_dim_are_read()
    {
        var config = (LlamaConfig)ModelConfigReader.Parse(PublicConfigJson.LlamaGroupedQuery, "llama.json");

        Assert.Equal(24, config.NumAttentionHeads);
        Assert.Equal(8, config.NumKeyValueHeads);
        Assert.Equal(128, config.HeadDim);
        Assert.Equal(500000.0, config.RopeTheta);
        Assert.Equal(1e-5, config.RmsNormEps);
        Assert.Equal(128001, config.EosTokenId);
        Assert.Equal(128000, config.BosTokenId);
        Assert.True(config.TieWordEmbeddings);
    }

    [Fact]
    public void Llama_without_head_dim_uses_hidden_size_over_heads()
    {
        string json = PublicConfigJson.LlamaGroupedQuery.Replace("\"head_dim\": 128,", "", StringComparison.Ordinal);

        var config = ModelConfigReader.Parse(json, "llama.json");

        Assert.Equal(3072 / 24, config.HeadDim);
    }

    [Fact]
    public void Llama_list_of_eos_ids_takes_the_first()
    {
        string json = PublicConfigJson.LlamaGroupedQuery.Replace("\"eos_token_id\": 128001", "\"eos_token_id\": [128001, 128008, 128009]", StringComparison.Ordinal);

        var config = (LlamaConfig)ModelConfigReader.Parse(json, "llama.json");

        Assert.Equal(128001, config.EosTokenId);
    }

    [Theory]
    [InlineData("\"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 32.0}", "\"llama3\"")]
    [InlineData("\"rope_scaling\": {\"type\": \"linear\", \"factor\": 2.0}", "\"linear\"")]
    public void Llama_rope_scaling_types_that_are_not_implemented_are_refused_by_name(string scaling, string name)
    {
        string json = PublicConfigJson.LlamaGroupedQuery.Replace("\"rope_scaling\": null", scaling, StringComparison.Ordinal);

        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse(json, "llama.json"));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains("rope_scaling", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Newer_rope_parameters_style_gives_the_rope_base()
    {
        string json = PublicConfigJson.LlamaGroupedQuery
            .Replace("\"rope_scaling\": null,", "", StringComparison.Ordinal)
            .Replace("\"rope_theta\": 500000.0,", "\"rope_parameters\": {\"rope_type\": \"default\", \"rope_theta\": 250000.0},", StringComparison.Ordinal);

        var config = (LlamaConfig)ModelConfigReader.Parse(json, "llama.json");

        Assert.Equal(250000.0, config.RopeTheta);
    }

    [Fact]
    public void Heads_not_divisible_by_key_value_heads_are_refused()
    {
        string json = PublicConfigJson.LlamaGroupedQuery.Replace("\"num_key_value_heads\": 8", "\"num_key_value_heads\": 7", StringComparison.Ordinal);

        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse(json, "llama.json"));

        Assert.Contains("num_attention_heads 24 is not divisible by num_key_value_heads 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hidden_size_not_divisible_by_heads_is_refused()
    {
        string json = PublicConfigJson.Olmo1B.Replace("\"hidden_size\": 2048", "\"hidden_size\": 2050", StringComparison.Ordinal);

        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse(json, "olmo.json"));

        Assert.Contains("hidden_size 2050 is not divisible by num_attention_heads 16", error.Message, StringComparison.Ordinal);
        Assert.Contains("olmo.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_size_is_refused_naming_the_key()
    {
        string json = PublicConfigJson.Olmo1B.Replace("\"intermediate_size\": 8192,", "", StringComparison.Ordinal);

        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse(json, "olmo.json"));

        Assert.Contains("'intermediate_size'", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_of_the_wrong_type_is_refused_with_what_was_found()
    {
        string json = PublicConfigJson.Olmo1B.Replace("\"num_hidden_layers\": 16", "\"num_hidden_layers\": \"16\"", StringComparison.Ordinal);

        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse(json, "olmo.json"));

        Assert.Contains("'num_hidden_layers' is \"16\"; expected an integer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Activation_other_than_silu_is_refused()
    {
        string json = PublicConfigJson.Olmo1B.Replace("\"hidden_act\": \"silu\"", "\"hidden_act\": \"gelu\"", StringComparison.Ordinal);

        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse(json, "olmo.json"));

        Assert.Contains("hidden_act", error.Message, StringComparison.Ordinal);
    }
}
