using Maria.Export.Configs;
using Maria.Training.Models.Causal;
using TorchSharp;
using static Maria.Training.Tests.Models.ModelTestKit;

namespace Maria.Training.Tests.Models;

public sealed class CausalLanguageModelTests
{
    private const int Length = 9;

    internal static OlmoConfig TinyOlmo(bool tied, double? clipQkv) => new()
    {
        VocabSize = 40,
        HiddenSize = 16,
        IntermediateSize = 32,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 4,
        MaxPositionEmbeddings = 64,
        TieWordEmbeddings = tied,
        RopeTheta = 10000,
        EosTokenId = 39,
        PadTokenId = 1,
        ClipQkv = clipQkv,
    };

    // Untied also exercises an explicit head_dim (8) wider than hidden / heads (4).
    internal static LlamaConfig TinyLlama(bool tied) => new()
    {
        VocabSize = 40,
        HiddenSize = 16,
        IntermediateSize = 24,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        ExplicitHeadDim = tied ? null : 8,
        MaxPositionEmbeddings = 64,
        TieWordEmbeddings = tied,
        RopeTheta = 500000,
        EosTokenId = 39,
        PadTokenId = 1,
        RmsNormEps = 1e-6,
    };

    private static long[][] TwoRows(int vocab) => new[] { Tokens(Length, vocab, salt: 3), Tokens(Length, vocab, salt: 4) };

    private static (double[][][] Logits, double[][][] FinalHidden) RunTorch(CausalLanguageModel model, long[][] ids)
    {
        using var scope = torch.NewDisposeScope();
        var (logits, hidden) = model.forward(Batch(ids));
        return (Enumerable.Range(0, ids.Length).Select(b => Row(logits, b)).ToArray(),
                Enumerable.Range(0, ids.Length).Select(b => Row(hidden, b)).ToArray());
    }

    private static void AssertMatchesNaive(CausalLanguageModel model, CausalLmConfig config, long seed)
    {
        RandomizeVisibly(model, seed);
        model.eval();
        var weights = Weights(model);
        var ids = TwoRows(config.VocabSize);

        var (logits, hidden) = RunTorch(model, ids);

        for (int b = 0; b < ids.Length; b++)
        {
            var expected = NaiveCausalLm.Forward(weights, config, ids[b]);
            AssertClose(expected.Logits, logits[b], $"logits of row {b}");
            AssertClose(expected.FinalHidden, hidden[b], $"final hidden states of row {b}");
            Assert.True(MaxAbsolute(expected.Logits) > 0.5, $"logits ({MaxAbsolute(expected.Logits)}) are large enough to mean something");
        }
    }

    [Theory]
    [InlineData(true, null)]
    [InlineData(false, null)]
    [InlineData(true, 0.3)]
    [InlineData(false, 0.3)]
    public void Olmo_forward_matches_a_naive_computation(bool tied, double? clipQkv)
    {
        var config = TinyOlmo(tied, clipQkv);
        using var model = new OlmoForCausalLM(config);
        AssertMatchesNaive(model, config, seed: 21);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Llama_forward_with_grouped_query_attention_matches_a_naive_computation(bool tied)
    {
        var config = TinyLlama(tied);
        using var model = new LlamaForCausalLM(config);
        AssertMatchesNaive(model, config, seed: 22);
    }

    [Fact]
    public void Olmo_clip_qkv_changes_the_outputs_when_projections_exceed_it()
    {
        using var unclipped = new OlmoForCausalLM(TinyOlmo(tied: true, clipQkv: null));
        RandomizeVisibly(unclipped, seed: 23);
        using var clipped = new OlmoForCausalLM(TinyOlmo(tied: true, clipQkv: 0.3));
        CopyParameters(unclipped, clipped);
        var ids = TwoRows(40);

        var (unclippedLogits, _) = RunTorch(unclipped, ids);
        var (clippedLogits, _) = RunTorch(clipped, ids);

        Assert.True(MaxAbsoluteDifference(unclippedLogits[0], clippedLogits[0], out _) > 1e-3);
    }

    [Fact]
    public void Causal_attention_makes_earlier_positions_independent_of_later_tokens()
    {
        using var model = new LlamaForCausalLM(TinyLlama(tied: false));
        RandomizeVisibly(model, seed: 24);
        long[] row = Tokens(Length, 40, salt: 5);
        long[] changedTail = (long[])row.Clone();
        changedTail[^1] = (changedTail[^1] + 1) % 40;

        var (logits, _) = RunTorch(model, new[] { row, changedTail });

        AssertClose(logits[0][..^1], logits[1][..^1], "positions before the changed token");
        Assert.True(MaxAbsoluteDifference(logits[0][^1..], logits[1][^1..], out _) > 1e-4);
    }

    [Fact]
    public void Parameter_names_are_the_hugging_face_state_dict_keys()
    {
        using var olmoTied = new OlmoForCausalLM(TinyOlmo(tied: true, clipQkv: null));
        using var olmoUntied = new OlmoForCausalLM(TinyOlmo(tied: false, clipQkv: null));
        using var llama = new LlamaForCausalLM(TinyLlama(tied: false));
        var tiedNames = olmoTied.named_parameters().Select(p => p.name).ToList();
        var untiedNames = olmoUntied.named_parameters().Select(p => p.name).ToList();
        var llamaNames = llama.named_parameters().Select(p => p.name).ToList();

        Assert.Equal(1 + 2 * 7, tiedNames.Count);   // no norm tensors in OLMo v1, no lm_head when tied
        Assert.Contains("model.layers.1.self_attn.q_proj.weight", tiedNames);
        Assert.Contains("model.layers.1.mlp.down_proj.weight", tiedNames);
        Assert.DoesNotContain("lm_head.weight", tiedNames);
        Assert.Contains("lm_head.weight", untiedNames);
        Assert.Contains("model.layers.0.input_layernorm.weight", llamaNames);
        Assert.Contains("model.layers.0.post_attention_layernorm.weight", llamaNames);
        Assert.Contains("model.norm.weight", llamaNames);
        Assert.Equal(new long[] { 16, 4 * 8 }, llama.named_parameters().Single(p => p.name == "model.layers.0.self_attn.o_proj.weight").parameter.shape);
        Assert.Equal(new long[] { 2 * 8, 16 }, llama.named_parameters().Single(p => p.name == "model.layers.0.self_attn.k_proj.weight").parameter.shape);
    }
}
