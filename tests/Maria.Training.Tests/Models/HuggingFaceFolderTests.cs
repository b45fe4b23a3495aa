using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Runtime;
using Maria.Training.Models.Causal;
using Maria.Training.Models.HuggingFace;
using Maria.Training.Models.ModernBert;
using TorchSharp;
using static Maria.Training.Tests.Models.ModelTestKit;

namespace Maria.Training.Tests.Models;

public sealed class HuggingFaceFolderTests
{
    public static TheoryData<string> Configs => new() { "modernbert", "olmo-tied", "olmo-untied-clip", "llama-gqa-untied", "llama-tied" };

    internal static ModelConfig ConfigNamed(string name) => name switch
    {
        "modernbert" => ModernBertForMaskedLMTests.TinyConfig(),
        "olmo-tied" => CausalLanguageModelTests.TinyOlmo(tied: true, clipQkv: null),
        "olmo-untied-clip" => CausalLanguageModelTests.TinyOlmo(tied: false, clipQkv: 0.3),
        "llama-gqa-untied" => CausalLanguageModelTests.TinyLlama(tied: false),
        "llama-tied" => CausalLanguageModelTests.TinyLlama(tied: true),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    private static float[][] Outputs(torch.nn.Module module, int vocab)
    {
        using var scope = torch.NewDisposeScope();
        long[][] ids = { Tokens(12, vocab, salt: 7), Tokens(12, vocab, salt: 8) };
        torch.Tensor logits, hidden;
        if (module is ModernBertForMaskedLM modernBert)
        {
            int[][] mask = { Enumerable.Repeat(1, 12).ToArray(), Enumerable.Range(0, 12).Select(t => t < 9 ? 1 : 0).ToArray() };
            (logits, hidden) = modernBert.forward(Batch(ids), Batch(mask));
        }
        else
        {
            (logits, hidden) = ((CausalLanguageModel)module).forward(Batch(ids));
        }
        return new[] { logits.data<float>().ToArray(), hidden.data<float>().ToArray() };
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Module_parameters_follow_the_public_tensor_layout(string configName)
    {
        var config = ConfigNamed(configName);
        using var module = ReferenceModels.Create(config);

        var parameters = module.named_parameters().Select(p => (p.name, p.parameter.shape)).ToList();
        var layout = HuggingFaceTensorLayout.For(config);

        Assert.Equal(layout.Select(s => s.Name), parameters.Select(p => p.name));
        Assert.All(layout.Zip(parameters), pair => Assert.Equal(pair.First.Shape, pair.Second.shape));
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Save_then_load_gives_identical_outputs(string configName)
    {
        var config = ConfigNamed(configName);
        using var folder = new TemporaryFolder();
        using var original = ReferenceModels.Create(config);
        RandomizeVisibly(original, seed: 31);

        HuggingFaceFolder.Save(original, config, folder.Path, SafetensorsDType.F32);
        using var loaded = HuggingFaceFolder.Load(folder.Path);

        Assert.IsType(original.GetType(), loaded);
        var expected = Outputs(original, config.VocabSize);
        var actual = Outputs(loaded, config.VocabSize);
        Assert.Equal(expected[0], actual[0]);
        Assert.Equal(expected[1], actual[1]);
    }

    [Fact]
    public void Saved_folder_has_public_names_no_tied_tensors_a_matching_config_and_the_tokenizer()
    {
        using var folder = new TemporaryFolder();
        string tokenizer = folder.File("source-tokenizer.json");
        File.WriteAllText(tokenizer, "{\"model\":{}}");
        var bertConfig = ModernBertForMaskedLMTests.TinyConfig();
        var olmoConfig = CausalLanguageModelTests.TinyOlmo(tied: true, clipQkv: null);
        using var bert = new ModernBertForMaskedLM(bertConfig);
        using var olmo = new OlmoForCausalLM(olmoConfig);

        HuggingFaceFolder.Save(bert, bertConfig, folder.File("bert"), SafetensorsDType.F32, tokenizer);
        HuggingFaceFolder.Save(olmo, olmoConfig, folder.File("olmo"), SafetensorsDType.F32);

        using var bertCheckpoint = HuggingFaceCheckpoint.Open(folder.File("bert"));
        using var olmoCheckpoint = HuggingFaceCheckpoint.Open(folder.File("olmo"));
        Assert.Equal(bertConfig, bertCheckpoint.Config);
        Assert.Equal(olmoConfig, olmoCheckpoint.Config);
        Assert.True(bertCheckpoint.Tensors.Contains("model.layers.1.attn.Wqkv.weight"));
        Assert.True(bertCheckpoint.Tensors.Contains("decoder.bias"));
        Assert.False(bertCheckpoint.Tensors.Contains("decoder.weight"));
        Assert.False(olmoCheckpoint.Tensors.Contains("lm_head.weight"));
        Assert.Equal(new long[] { 16, 16 }, olmoCheckpoint.Tensors.GetInfo("model.layers.0.self_attn.q_proj.weight").Shape);
        Assert.Equal(File.ReadAllText(tokenizer), File.ReadAllText(Path.Combine(folder.File("bert"), "tokenizer.json")));
        Assert.Null(olmoCheckpoint.TokenizerPath);
    }

    [Fact]
    public void Weights_saved_as_bf16_load_as_their_rounded_fp32_values()
    {
        var config = CausalLanguageModelTests.TinyLlama(tied: false);
        using var folder = new TemporaryFolder();
        using var original = new LlamaForCausalLM(config);
        RandomizeVisibly(original, seed: 32);
        float[] before = Weights(original)["model.layers.1.mlp.up_proj.weight"];

        HuggingFaceFolder.Save(original, config, folder.Path, SafetensorsDType.BF16);
        using var loaded = HuggingFaceFolder.Load<LlamaForCausalLM>(folder.Path);
        float[] after = Weights(loaded)["model.layers.1.mlp.up_proj.weight"];

        float[] rounded = before.Select(v => TensorDataConversion.FromBFloat16Bits(TensorDataConversion.ToBFloat16Bits(v))).ToArray();
        Assert.Equal(rounded, after);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Load_refuses_weights_that_do_not_fit_config_json_naming_the_tensor()
    {
        var config = CausalLanguageModelTests.TinyOlmo(tied: true, clipQkv: null);
        using var folder = new TemporaryFolder();
        using var module = new OlmoForCausalLM(config);
        HuggingFaceFolder.Save(module, config, folder.Path, SafetensorsDType.F32);
        File.WriteAllText(Path.Combine(folder.Path, "config.json"), (config with { IntermediateSize = 24 }).ToJson());

        var error = Assert.ThrowsAny<MariaInputException>(() => HuggingFaceFolder.Load(folder.Path));

        Assert.Contains("model.layers.0.mlp.gate_proj.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("[32, 16]", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_as_the_wrong_module_type_says_what_the_folder_holds()
    {
        var config = CausalLanguageModelTests.TinyOlmo(tied: true, clipQkv: null);
        using var folder = new TemporaryFolder();
        using var module = new OlmoForCausalLM(config);
        HuggingFaceFolder.Save(module, config, folder.Path, SafetensorsDType.F32);

        var error = Assert.Throws<MariaInputException>(() => HuggingFaceFolder.Load<LlamaForCausalLM>(folder.Path));

        Assert.Contains("OlmoForCausalLM", error.Message, StringComparison.Ordinal);
    }
}
