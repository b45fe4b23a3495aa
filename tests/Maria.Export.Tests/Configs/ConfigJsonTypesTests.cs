using System.Text.Json;
using Maria.Export.Configs;
using CausalCheckpoints = Maria.Export.Tests.Architectures.Causal.TinyCheckpoints;

namespace Maria.Export.Tests.Configs;

/// <summary>
/// Every config.json the project writes (<see cref="ModelConfig.ToJson"/>: the shipped backbones, maria-train
/// pretrain and random, the test fixtures) types each key as transformers 5 declares it: floats as floats (2.0, not 2).
/// </summary>
public sealed class ConfigJsonTypesTests
{
    public static TheoryData<string, ModelConfig> Configs() => new()
    {
        { "ModernBERT-base", ModernBertConfig.Base() },
        { "ModernBERT-large", ModernBertConfig.Large() with { MaskTokenId = 50284 } },
        { "OLMo-1B", OlmoConfig.Olmo1B() },
        { "OLMo-7B, whole clip_qkv", OlmoConfig.Olmo7B() with { ClipQkv = 8.0 } },
        { "tiny OLMo, fractional clip_qkv", CausalCheckpoints.Olmo(clipQkv: 0.5) },
        { "tiny Llama, explicit head_dim", CausalCheckpoints.Llama(headDim: 8) },
        { "tiny ModernBERT", CausalCheckpoints.ModernBert() },
        { "OLMo, whole rope_theta 500000", OlmoConfig.Olmo1B() with { RopeTheta = 500000 } },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Every_numeric_key_has_the_json_type_transformers_declares(string name, ModelConfig config)
    {
        string json = config.ToJson();
        Assert.True(TransformersConfigTypes.Problems(json).Count == 0, $"{name}: {string.Join("; ", TransformersConfigTypes.Problems(json))}");
        using var document = JsonDocument.Parse(json);
        foreach (string key in TransformersConfigTypes.FloatKeys(config.ModelType))
        {
            // Each float key is written (clip_qkv may be null: no clamping).
            Assert.True(document.RootElement.TryGetProperty(key, out var value), $"{name}: {key} is not written");
            Assert.True(value.ValueKind is JsonValueKind.Number or JsonValueKind.Null, $"{name}: {key} is {value.ValueKind}");
        }
    }

    [Fact]
    public void Floats_are_spelled_as_python_writes_them()
    {
        using var document = JsonDocument.Parse((OlmoConfig.Olmo7B() with { ClipQkv = 8.0 }).ToJson());
        var root = document.RootElement;
        Assert.Equal("0.0", root.GetProperty("attention_dropout").GetRawText());
        Assert.Equal("8.0", root.GetProperty("clip_qkv").GetRawText());
        Assert.Equal("0.02", root.GetProperty("initializer_range").GetRawText());
        Assert.Equal("10000.0", root.GetProperty("rope_theta").GetRawText());
        using var modernBert = JsonDocument.Parse(ModernBertConfig.Base().ToJson());
        Assert.Equal("2.0", modernBert.RootElement.GetProperty("initializer_cutoff_factor").GetRawText());
        Assert.Equal("1e-05", modernBert.RootElement.GetProperty("norm_eps").GetRawText());
        Assert.Equal("160000.0", modernBert.RootElement.GetProperty("global_rope_theta").GetRawText());
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void The_written_file_reads_back_to_the_same_config(string name, ModelConfig config)
    {
        Assert.True(config == ModelConfigReader.Parse(config.ToJson(), name), name);
    }

    [Fact]
    public void The_type_check_catches_an_integer_where_a_float_is_declared()
    {
        string json = ModernBertConfig.Base().ToJson().Replace("\"initializer_cutoff_factor\": 2.0", "\"initializer_cutoff_factor\": 2", StringComparison.Ordinal);
        Assert.Equal(["initializer_cutoff_factor: 2 is an integer literal; transformers declares a float (2.0)"], TransformersConfigTypes.Problems(json));
    }
}
