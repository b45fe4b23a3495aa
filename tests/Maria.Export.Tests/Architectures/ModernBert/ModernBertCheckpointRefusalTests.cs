using Maria.Export.Architectures;
using Maria.Export.Architectures.ModernBert;
using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Tests.Checkpoints;
using Maria.Runtime;

namespace Maria.Export.Tests.Architectures.ModernBert;

/// <summary>Checkpoints and requests the encoder builder refuses before building, each with a one-line message.</summary>
public sealed class ModernBertCheckpointRefusalTests
{
    /// <summary>Writes the (possibly broken) checkpoint, builds, and returns the refusal; asserts no graph was written.</summary>
    /// The file always holds the tiny config's tensors (edited), so a changed config contradicts it as a bad conversion would.
    private static MariaInputException Refusal(ModernBertConfig config, Action<List<TensorSpec>>? edit = null,
        int sharedVocabulary = 36, int contextLength = 32)
    {
        using var folder = new TemporaryFolder();
        TinyModernBertCheckpoint.Write(folder.File("checkpoint"), config, edit, layoutOf: TinyModernBertCheckpoint.Config());
        using var checkpoint = HuggingFaceCheckpoint.Open(folder.File("checkpoint"));
        var request = new EncoderBuildRequest(checkpoint, sharedVocabulary, contextLength, WeightStorage.Float32, folder.File("encoder.onnx"));

        var error = Assert.ThrowsAny<MariaInputException>(() => new ModernBertEncoderGraphBuilder().Build(request));

        Assert.False(File.Exists(folder.File("encoder.onnx")), "nothing is written when the checkpoint is refused");
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    private static void Replace(List<TensorSpec> tensors, string name, long[] shape)
    {
        int index = tensors.FindIndex(t => t.Name == name);
        tensors[index] = tensors[index] with { Shape = shape };
    }

    [Fact]
    public void Missing_tensor_is_refused_naming_it_and_the_shape_config_json_implies()
    {
        var error = Refusal(TinyModernBertCheckpoint.Config(), tensors => tensors.RemoveAll(t => t.Name == "model.layers.2.mlp.Wi.weight"));

        Assert.Contains("'model.layers.2.mlp.Wi.weight'", error.Message, StringComparison.Ordinal);
        Assert.Contains("[24, 16]", error.Message, StringComparison.Ordinal);
        Assert.Contains("lacks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_shape_is_refused_naming_the_tensor_the_actual_and_the_expected_shape()
    {
        var error = Refusal(TinyModernBertCheckpoint.Config(), tensors => Replace(tensors, "model.layers.1.attn.Wqkv.weight", [48, 17]));

        Assert.Contains("'model.layers.1.attn.Wqkv.weight' has shape [48, 17], config.json implies [48, 16]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_vocabulary_rows_of_the_decoder_bias_are_refused()
    {
        var error = Refusal(TinyModernBertCheckpoint.Config(), tensors => Replace(tensors, "decoder.bias", [41]));

        Assert.Contains("'decoder.bias' has shape [41], config.json implies [40]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layer_zero_attention_norm_and_layers_beyond_config_are_refused_as_unused()
    {
        var config = TinyModernBertCheckpoint.Config();

        var layerZeroNorm = Refusal(config, tensors => tensors.Add(new TensorSpec("model.layers.0.attn_norm.weight", [16], TensorRoles.Of("model.layers.0.attn_norm.weight"))));
        var extraLayer = Refusal(config, tensors => tensors.Add(new TensorSpec("model.layers.3.attn.Wqkv.weight", [48, 16], TensorRoles.Of("model.layers.3.attn.Wqkv.weight"))));

        Assert.Contains("'model.layers.0.attn_norm.weight'", layerZeroNorm.Message, StringComparison.Ordinal);
        Assert.Contains("'model.layers.3.attn.Wqkv.weight'", extraLayer.Message, StringComparison.Ordinal);
        Assert.Contains("does not use", extraLayer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Untied_config_without_decoder_weight_is_refused()
    {
        var error = Refusal(TinyModernBertCheckpoint.Config() with { TieWordEmbeddings = false });

        Assert.Contains("'decoder.weight' [40, 16]", error.Message, StringComparison.Ordinal);
        Assert.Contains("tie_word_embeddings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_weight_of_the_wrong_shape_is_refused_even_when_tied()
    {
        var error = Refusal(TinyModernBertCheckpoint.Config(), tensors => tensors.Add(new TensorSpec("decoder.weight", [40, 15], TensorRoles.Of("decoder.weight"))));

        Assert.Contains("'decoder.weight' has shape [40, 15], config.json implies [40, 16]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hidden_activation")]
    [InlineData("norm_bias")]
    public void Config_features_the_graph_does_not_implement_are_refused_by_key(string key)
    {
        var config = key == "hidden_activation"
            ? TinyModernBertCheckpoint.Config() with { HiddenActivation = "gelu_pytorch_tanh" }
            : TinyModernBertCheckpoint.Config() with { NormBias = true };

        var error = Refusal(config);

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains("config.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shared_vocabulary_larger_than_the_embedding_rows_is_refused()
    {
        var error = Refusal(TinyModernBertCheckpoint.Config(), sharedVocabulary: 41);

        Assert.Contains("shared vocabulary size 41 is outside 1..40", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Context_length_beyond_max_position_embeddings_is_refused()
    {
        var error = Refusal(TinyModernBertCheckpoint.Config(), contextLength: 65);

        Assert.Contains("context length 65 is outside 1..64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_causal_lm_checkpoint_is_refused_as_the_encoder()
    {
        using var folder = new TemporaryFolder();
        var olmo = OlmoConfig.Olmo1B() with { VocabSize = 32, HiddenSize = 8, IntermediateSize = 16, NumHiddenLayers = 1, NumAttentionHeads = 2, NumKeyValueHeads = 2, EosTokenId = 31 };
        Directory.CreateDirectory(folder.File("olmo"));
        File.WriteAllText(folder.File("olmo/config.json"), olmo.ToJson());
        SafetensorsWriter.Write(folder.File("olmo/model.safetensors"), [TensorToWrite.FromFloat32("model.embed_tokens.weight", [32, 8], new float[256])]);
        using var checkpoint = HuggingFaceCheckpoint.Open(folder.File("olmo"));

        var error = Assert.Throws<MariaInputException>(() => new ModernBertEncoderGraphBuilder().Build(
            new EncoderBuildRequest(checkpoint, 32, 16, WeightStorage.Float32, folder.File("encoder.onnx"))));

        Assert.Contains("OlmoForCausalLM", error.Message, StringComparison.Ordinal);
        Assert.Contains("ModernBertForMaskedLM", error.Message, StringComparison.Ordinal);
    }
}
