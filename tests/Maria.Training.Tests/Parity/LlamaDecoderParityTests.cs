using Maria.Export.Configs;
using Maria.Export.Head;
using Maria.Training.Models.Causal;
using Xunit.Abstractions;

namespace Maria.Training.Tests.Parity;

public sealed class LlamaDecoderParityTests(ITestOutputHelper output)
{
    // 4 query heads share 2 key/value heads. head_dim 16 fuses RoPE into GroupQueryAttention; head_dim 8 (= 32 / 4)
    // takes the explicit RotaryEmbedding path with position ids computed in the graph.
    private static LlamaConfig Config(int headDim, bool tied) => new()
    {
        VocabSize = 40,
        HiddenSize = 32,
        IntermediateSize = 40,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        ExplicitHeadDim = headDim == 8 ? null : headDim,
        MaxPositionEmbeddings = 32,
        TieWordEmbeddings = tied,
        RopeTheta = 500000,
        EosTokenId = 39,
        PadTokenId = 1,
        RmsNormEps = 1e-6,
    };

    [Theory]
    [InlineData(16, false)]
    [InlineData(8, true)]
    public void Llama_grouped_query_decoder_with_the_product_head_matches_torchsharp_in_full_and_stepwise(int headDim, bool tied)
    {
        using var model = new LlamaForCausalLM(Config(headDim, tied));
        using var kit = new DecoderParityKit(model, seed: 40 + headDim);
        var (manifest, path) = kit.ExportProduct();

        string differences = kit.VerifyAgainstTorch(manifest, path, kit.ProductLogits());

        output.WriteLine($"Llama GQA 4/2 head_dim={headDim} tied={tied}: {differences}");
    }

    [Fact]
    public void Llama_decoder_with_a_trained_head_file_computes_w3_times_v_and_u_plus_b3()
    {
        using var model = new LlamaForCausalLM(Config(headDim: 16, tied: false));
        using var kit = new DecoderParityKit(model, seed: 47);
        int width = kit.Config.HiddenSize + kit.MlmConfig.HiddenSize;
        var random = new Random(5);
        float[] weight = Enumerable.Range(0, DecoderParityKit.SharedVocabulary * width).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] bias = Enumerable.Range(0, DecoderParityKit.SharedVocabulary).Select(_ => (float)random.NextDouble()).ToArray();
        string headPath = kit.Sub("head.safetensors");
        using (var trained = MariaHead.FromWeights(weight, bias, kit.Config.HiddenSize, kit.MlmConfig.HiddenSize))
        {
            trained.Save(headPath);
        }

        var (manifest, path) = kit.ExportTrained(headPath);
        string differences = kit.VerifyAgainstTorch(manifest, path, kit.Head(weight, bias));

        output.WriteLine($"Llama trained head: {differences}");
    }
}
