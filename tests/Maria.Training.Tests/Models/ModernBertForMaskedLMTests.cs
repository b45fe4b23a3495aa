using Maria.Export.Configs;
using Maria.Training.Models.ModernBert;
using TorchSharp;
using static Maria.Training.Tests.Models.ModelTestKit;

namespace Maria.Training.Tests.Models;

public sealed class ModernBertForMaskedLMTests
{
    // 5 layers = global, local, local, global, local: more than one cycle. Window 8 (±4) with T = 20.
    internal static ModernBertConfig TinyConfig() => new()
    {
        VocabSize = 48,
        HiddenSize = 16,
        IntermediateSize = 24,
        NumHiddenLayers = 5,
        NumAttentionHeads = 2,
        MaxPositionEmbeddings = 64,
        TieWordEmbeddings = true,
        GlobalAttnEveryNLayers = 3,
        LocalAttention = 8,
        PadTokenId = 47,
        ClsTokenId = 46,
        BosTokenId = 46,
        SepTokenId = 45,
        EosTokenId = 45,
    };

    private const int Length = 20;
    private const int PaddedRowLength = 11;

    private static (long[][] Ids, int[][] Mask) PaddedBatch(ModernBertConfig config)
    {
        long[] full = Tokens(Length, config.VocabSize, salt: 1);
        long[] padded = Tokens(Length, config.VocabSize, salt: 2);
        for (int t = PaddedRowLength; t < Length; t++)
        {
            padded[t] = 0;
        }
        int[] fullMask = Enumerable.Repeat(1, Length).ToArray();
        int[] paddedMask = Enumerable.Range(0, Length).Select(t => t < PaddedRowLength ? 1 : 0).ToArray();
        return (new[] { full, padded }, new[] { fullMask, paddedMask });
    }

    private static (double[][][] Logits, double[][][] HeadOutput) RunTorch(ModernBertForMaskedLM model, long[][] ids, int[][] mask)
    {
        using var scope = torch.NewDisposeScope();
        var (logits, headOutput) = model.forward(Batch(ids), Batch(mask));
        return (Enumerable.Range(0, ids.Length).Select(b => Row(logits, b)).ToArray(),
                Enumerable.Range(0, ids.Length).Select(b => Row(headOutput, b)).ToArray());
    }

    [Fact]
    public void Parameter_names_are_the_hugging_face_state_dict_keys()
    {
        using var model = new ModernBertForMaskedLM(TinyConfig());
        var names = model.named_parameters().Select(p => p.name).ToList();

        Assert.Contains("model.embeddings.tok_embeddings.weight", names);
        Assert.Contains("model.embeddings.norm.weight", names);
        Assert.DoesNotContain("model.layers.0.attn_norm.weight", names);
        Assert.Contains("model.layers.1.attn_norm.weight", names);
        Assert.Contains("model.layers.4.attn.Wqkv.weight", names);
        Assert.Contains("model.layers.4.mlp.Wi.weight", names);
        Assert.Contains("model.final_norm.weight", names);
        Assert.Contains("head.dense.weight", names);
        Assert.Contains("head.norm.weight", names);
        Assert.Contains("decoder.bias", names);
        Assert.DoesNotContain("decoder.weight", names);
        Assert.DoesNotContain(names, n => n.EndsWith(".bias", StringComparison.Ordinal) && n != "decoder.bias");
        Assert.Equal(2 + 5 * 6 - 1 + 4, names.Count);   // embeddings, 5 layers less layer 0's attn_norm, final_norm + head + decoder.bias
    }

    [Fact]
    public void Forward_matches_a_naive_computation_with_sliding_windows_and_padding()
    {
        var config = TinyConfig();
        using var model = new ModernBertForMaskedLM(config);
        RandomizeVisibly(model, seed: 11);
        model.eval();
        var weights = Weights(model);
        var (ids, mask) = PaddedBatch(config);

        var (logits, headOutput) = RunTorch(model, ids, mask);

        for (int b = 0; b < ids.Length; b++)
        {
            var expected = NaiveModernBert.Forward(weights, config, ids[b], mask[b]);
            AssertClose(expected.Logits, logits[b], $"logits of row {b}");
            AssertClose(expected.HeadOutput, headOutput[b], $"head output of row {b}");
            Assert.True(MaxAbsolute(expected.Logits) > 0.5, $"logits ({MaxAbsolute(expected.Logits)}) are large enough for the comparison to mean something");
        }
    }

    [Fact]
    public void Padding_does_not_change_the_outputs_of_real_tokens()
    {
        var config = TinyConfig();
        using var model = new ModernBertForMaskedLM(config);
        RandomizeVisibly(model, seed: 12);
        var (ids, mask) = PaddedBatch(config);
        long[] unpadded = ids[1][..PaddedRowLength];

        var (paddedLogits, _) = RunTorch(model, ids, mask);
        var (alone, _) = RunTorch(model, new[] { unpadded }, new[] { Enumerable.Repeat(1, PaddedRowLength).ToArray() });

        AssertClose(alone[0], paddedLogits[1][..PaddedRowLength], "real tokens of the padded row");
    }

    [Fact]
    public void Sliding_window_of_local_layers_changes_the_outputs()
    {
        var config = TinyConfig();
        using var windowed = new ModernBertForMaskedLM(config);
        RandomizeVisibly(windowed, seed: 13);
        using var unbounded = new ModernBertForMaskedLM(config with { LocalAttention = 4 * Length });
        CopyParameters(windowed, unbounded);
        using var allGlobal = new ModernBertForMaskedLM(config with { GlobalAttnEveryNLayers = 1 });
        CopyParameters(windowed, allGlobal);
        var (ids, mask) = PaddedBatch(config);

        var (windowedLogits, _) = RunTorch(windowed, ids, mask);
        var (unboundedLogits, _) = RunTorch(unbounded, ids, mask);
        var (allGlobalLogits, _) = RunTorch(allGlobal, ids, mask);

        Assert.True(MaxAbsoluteDifference(windowedLogits[0], unboundedLogits[0], out _) > 1e-3,
            "a ±4 window over 20 tokens must change the outputs compared with an unbounded window");
        Assert.True(MaxAbsoluteDifference(windowedLogits[0], allGlobalLogits[0], out _) > 1e-3,
            "local layers must differ from the same model with every layer global");
        // Within the window's reach of nothing (position 0 sees keys 0..4 in local layers), the unbounded model
        // still agrees with the naive computation under its own config: the window is the only difference.
        var expectedUnbounded = NaiveModernBert.Forward(Weights(unbounded), unbounded.Config, ids[0], mask[0]);
        AssertClose(expectedUnbounded.Logits, unboundedLogits[0], "unbounded-window logits");
    }

    [Fact]
    public void Options_the_public_checkpoints_do_not_use_are_refused_by_name()
    {
        var error = Assert.Throws<Maria.Runtime.MariaInputException>(() => new ModernBertForMaskedLM(TinyConfig() with { NormBias = true }));

        Assert.Contains("norm_bias", error.Message, StringComparison.Ordinal);
    }
}
