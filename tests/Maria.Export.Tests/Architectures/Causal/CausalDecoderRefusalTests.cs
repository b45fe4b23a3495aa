using Maria.Export.Architectures;
using Maria.Export.Architectures.Causal;
using Maria.Export.Checkpoints;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Head;
using Maria.Export.Tests.Onnx;
using Maria.Runtime;

namespace Maria.Export.Tests.Architectures.Causal;

public sealed class CausalDecoderRefusalTests
{
    private static MariaInputException ExportFails(string arDirectory, string mlmDirectory, string outputPath,
        int sharedVocabulary = DecoderExports.SharedVocabulary, int contextLength = 24, string? architecture = null)
    {
        using var ar = HuggingFaceCheckpoint.Open(arDirectory);
        using var mlm = HuggingFaceCheckpoint.Open(mlmDirectory);
        using var head = MariaHead.ProductOfExperts(ar, mlm, Math.Min(sharedVocabulary, 40));
        var builder = ArchitectureRegistry.Decoder(architecture ?? ar.Config.Architecture, ar.Directory);
        return Assert.Throws<MariaInputException>(() =>
            builder.Build(new DecoderBuildRequest(ar, head, sharedVocabulary, contextLength, WeightStorage.Float32, outputPath)));
    }

    [Fact]
    public void A_missing_layer_tensor_is_refused_naming_it_and_nothing_is_written()
    {
        using var directory = new TemporaryFolder();
        var config = TinyCheckpoints.Olmo();
        TinyCheckpoints.WriteCausal(directory.File("ar"), config, 1,
            new Dictionary<string, long[]?> { ["model.layers.1.self_attn.k_proj.weight"] = null });
        TinyCheckpoints.WriteMaskedOutputs(directory.File("mlm"), TinyCheckpoints.ModernBert(), 2);
        string output = directory.File("decoder.onnx");

        var error = ExportFails(directory.File("ar"), directory.File("mlm"), output, sharedVocabulary: 40);

        Assert.Contains("'model.layers.1.self_attn.k_proj.weight'", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_tensor_whose_shape_contradicts_the_config_is_refused_with_both_shapes()
    {
        using var directory = new TemporaryFolder();
        var config = TinyCheckpoints.Llama();
        TinyCheckpoints.WriteCausal(directory.File("ar"), config, 1,
            new Dictionary<string, long[]?> { ["model.layers.0.mlp.down_proj.weight"] = [32, 25] });
        TinyCheckpoints.WriteMaskedOutputs(directory.File("mlm"), TinyCheckpoints.ModernBert(), 2);

        var error = ExportFails(directory.File("ar"), directory.File("mlm"), directory.File("decoder.onnx"), sharedVocabulary: 40);

        Assert.Contains("'model.layers.0.mlp.down_proj.weight'", error.Message, StringComparison.Ordinal);
        Assert.Contains("[32, 25]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[32, 24]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_architecture_is_refused_by_the_registry_listing_the_supported_ones()
    {
        var error = Assert.Throws<MariaInputException>(() => ArchitectureRegistry.Decoder("GPT2LMHeadModel", "some/folder"));

        Assert.Contains("'GPT2LMHeadModel'", error.Message, StringComparison.Ordinal);
        Assert.Contains("OlmoForCausalLM", error.Message, StringComparison.Ordinal);
        Assert.Contains("LlamaForCausalLM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_registry_finds_one_builder_per_causal_architecture()
    {
        Assert.IsType<OlmoDecoderGraphBuilder>(ArchitectureRegistry.Decoder("OlmoForCausalLM", "test"));
        Assert.IsType<LlamaDecoderGraphBuilder>(ArchitectureRegistry.Decoder("LlamaForCausalLM", "test"));
    }

    [Fact]
    public void A_checkpoint_of_another_architecture_is_refused_by_a_builder()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Llama());

        var error = ExportFails(exports.ArDirectory, exports.MlmDirectory, exports.File("decoder.onnx"), sharedVocabulary: 40, architecture: "OlmoForCausalLM");

        Assert.Contains("LlamaForCausalLM", error.Message, StringComparison.Ordinal);
        Assert.Contains("OlmoForCausalLM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_head_for_another_shared_vocabulary_is_refused()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Olmo());

        // The head covers 40 ids, the export asks for 44.
        var error = ExportFails(exports.ArDirectory, exports.MlmDirectory, exports.File("decoder.onnx"), sharedVocabulary: 44);

        Assert.Contains("V_s = 44", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_context_longer_than_the_model_was_trained_for_is_refused()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Olmo());

        var error = ExportFails(exports.ArDirectory, exports.MlmDirectory, exports.File("decoder.onnx"), sharedVocabulary: 40, contextLength: 33);

        Assert.Contains("context length 33", error.Message, StringComparison.Ordinal);
        Assert.Contains("max_position_embeddings", error.Message, StringComparison.Ordinal);
    }
}
