using Maria.Export.Configs;
using Maria.Training.Models.Causal;
using Maria.Training.Tests.Models;
using TorchSharp;
using Xunit.Abstractions;
using static Maria.Training.Tests.Models.ModelTestKit;

namespace Maria.Training.Tests.Parity;

public sealed class OlmoDecoderParityTests(ITestOutputHelper output)
{
    // head_dim 16: RoPE fused into GroupQueryAttention.
    private static OlmoConfig Config(bool tied, double? clipQkv) => new()
    {
        VocabSize = 40,
        HiddenSize = 32,
        IntermediateSize = 48,
        NumHiddenLayers = 2,
        NumAttentionHeads = 2,
        NumKeyValueHeads = 2,
        MaxPositionEmbeddings = 32,
        TieWordEmbeddings = tied,
        RopeTheta = 10000,
        EosTokenId = 39,
        PadTokenId = 1,
        ClipQkv = clipQkv,
    };

    [Theory]
    [InlineData(true, null)]
    [InlineData(false, null)]
    [InlineData(true, 0.5)]
    [InlineData(false, 0.5)]
    public void Olmo_decoder_graph_with_the_product_head_matches_torchsharp_in_full_and_stepwise(bool tied, double? clipQkv)
    {
        using var model = new OlmoForCausalLM(Config(tied, clipQkv));
        using var kit = new DecoderParityKit(model, seed: tied ? 31 : 32);
        var (manifest, path) = kit.ExportProduct();

        string differences = kit.VerifyAgainstTorch(manifest, path, kit.ProductLogits());

        output.WriteLine($"OLMo tied={tied} clip_qkv={clipQkv?.ToString() ?? "none"}: {differences}");
    }

    [Fact]
    public void The_clip_value_of_the_parity_cases_changes_the_outputs()
    {
        using var clipped = new OlmoForCausalLM(Config(tied: true, clipQkv: 0.5));
        using var kit = new DecoderParityKit(clipped, seed: 31);
        using var unclipped = new OlmoForCausalLM(Config(tied: true, clipQkv: null));
        CopyParameters(clipped, unclipped);
        using var scope = torch.NewDisposeScope();

        var (logits, _) = unclipped.forward(Batch(new[] { kit.Ids }));
        float[] unclippedLogits = logits.contiguous().data<float>().ToArray();

        double largest = unclippedLogits.Zip(kit.TorchLogits, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(largest > 1e-2, $"clip_qkv 0.5 should clip these projections; logits moved only {largest:E2}");
    }
}
