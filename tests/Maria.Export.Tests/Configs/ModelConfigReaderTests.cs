using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Export.Tests.Checkpoints;

namespace Maria.Export.Tests.Configs;

public sealed class ModelConfigReaderTests
{
    [Fact]
    public void Unknown_architecture_is_refused_by_name()
    {
        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse(
            """{"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": 768}""", "gpt2.json"));

        Assert.Contains("'GPT2LMHeadModel'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ModernBertForMaskedLM, OlmoForCausalLM, LlamaForCausalLM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Architecture_is_inferred_from_model_type_when_the_list_is_absent()
    {
        string json = PublicConfigJson.Olmo1B.Replace("\"architectures\": [\"OlmoForCausalLM\"],", "", StringComparison.Ordinal);

        Assert.IsType<OlmoConfig>(ModelConfigReader.Parse(json, "olmo.json"));
    }

    [Fact]
    public void Model_type_contradicting_the_architecture_is_refused()
    {
        string json = PublicConfigJson.Olmo1B.Replace("\"model_type\": \"olmo\"", "\"model_type\": \"llama\"", StringComparison.Ordinal);

        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse(json, "olmo.json"));

        Assert.Contains("model_type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_key_is_refused()
    {
        string json = PublicConfigJson.Olmo1B.Replace("\"vocab_size\": 50304", "\"vocab_size\": 50304, \"vocab_size\": 100", StringComparison.Ordinal);

        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse(json, "olmo.json"));

        Assert.Contains("olmo.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_refused_with_a_one_line_message()
    {
        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Parse("{\"vocab_size\": ", "broken.json"));

        Assert.Contains("broken.json", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    public static TheoryData<ModelConfig> Configs => new(
        ModernBertConfig.Base(),
        ModernBertConfig.Large(),
        ModernBertConfig.Base() with { MaskTokenId = 50284, GlobalAttnEveryNLayers = 2, NormEps = 1e-6, HiddenActivation = "gelu_new" },
        OlmoConfig.Olmo1B(),
        OlmoConfig.Olmo7B(),
        OlmoConfig.Olmo1B() with { ClipQkv = 8.0, BosTokenId = 50279, RopeTheta = 12345.5 },
        new LlamaConfig
        {
            VocabSize = 1000, HiddenSize = 96, IntermediateSize = 256, NumHiddenLayers = 2, NumAttentionHeads = 6,
            NumKeyValueHeads = 2, ExplicitHeadDim = 32, MaxPositionEmbeddings = 512, TieWordEmbeddings = false,
            EosTokenId = 2, PadTokenId = 0, BosTokenId = 1, RmsNormEps = 1e-5, RopeTheta = 500000.0,
        },
        new LlamaConfig
        {
            VocabSize = 1000, HiddenSize = 64, IntermediateSize = 128, NumHiddenLayers = 1, NumAttentionHeads = 4,
            NumKeyValueHeads = 4, MaxPositionEmbeddings = 128, TieWordEmbeddings = true, EosTokenId = 2, PadTokenId = 2, BosTokenId = null,
        });

    [Theory]
    [MemberData(nameof(Configs))]
    public void ToJson_round_trips(ModelConfig config)
    {
        Assert.Equal(config, ModelConfigReader.Parse(config.ToJson(), "round-trip"));
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void ToJson_writes_the_public_architecture_and_model_type(ModelConfig config)
    {
        string json = config.ToJson();

        Assert.Contains($"\"architectures\": [\n    \"{config.Architecture}\"\n  ]", json, StringComparison.Ordinal);
        Assert.Contains($"\"model_type\": \"{config.ModelType}\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_from_a_file_names_the_file_in_errors()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("config.json");
        File.WriteAllText(path, """{"architectures": ["BertForMaskedLM"]}""");

        var error = Assert.Throws<ModelConfigException>(() => ModelConfigReader.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Counts parameters from the tensor shapes each architecture has (architectures.md §1.2, §2.2) and compares with
    /// the published totals, which checks every size in the factories against an independent number.
    /// </summary>
    [Theory]
    [InlineData("ModernBERT-base", 149_655_232L)]
    [InlineData("ModernBERT-large", 395_881_664L)]
    [InlineData("OLMo-1B-hf", 1_176_764_416L)]
    [InlineData("OLMo-7B-hf", 6_888_095_744L)]
    public void Factories_reproduce_the_published_parameter_counts(string checkpoint, long published)
    {
        long parameters = checkpoint switch
        {
            "ModernBERT-base" => ModernBertParameters(ModernBertConfig.Base()),
            "ModernBERT-large" => ModernBertParameters(ModernBertConfig.Large()),
            "OLMo-1B-hf" => OlmoParameters(OlmoConfig.Olmo1B()),
            _ => OlmoParameters(OlmoConfig.Olmo7B()),
        };

        Assert.Equal(published, parameters);
    }

    private static long ModernBertParameters(ModernBertConfig c)
    {
        long h = c.HiddenSize, i = c.IntermediateSize, v = c.VocabSize;
        long perLayer = 3 * h * h + h * h + 2 * i * h + h * i + 2 * h; // Wqkv, Wo, Wi, mlp.Wo, attn_norm + mlp_norm
        return v * h + h + c.NumHiddenLayers * perLayer - h /* layer 0 has no attn_norm */ + h + h * h + h + v;
    }

    private static long OlmoParameters(OlmoConfig c)
    {
        long h = c.HiddenSize, i = c.IntermediateSize, v = c.VocabSize;
        long perLayer = 4 * h * h + 3 * h * i; // q, k, v, o; gate, up, down (no norm weights in OLMo v1)
        return v * h * (c.TieWordEmbeddings ? 1 : 2) + c.NumHiddenLayers * perLayer;
    }

    [Fact]
    public void Safetensors_dtype_sizes_match_the_format()
    {
        Assert.Equal([8, 4, 2, 2, 8, 4, 2, 1, 1, 1], Enum.GetValues<SafetensorsDType>().Select(d => d.ByteSize()));
        Assert.Equal(["F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U8", "BOOL"], Enum.GetValues<SafetensorsDType>().Select(d => d.ToHeaderString()));
    }
}
