using System.Numerics.Tensors;
using Maria.Runtime.Scoring;
using Maria.Runtime.Tests.Engine;

namespace Maria.Runtime.Tests.Baselines;

/// <summary>
/// The product-of-experts and causal-only infilling baselines, checked against teacher-forced passes over their own
/// filled texts: each greedy choice is the argmax of the logits the method claims to use, given its earlier choices.
/// </summary>
[Collection(TinyPackageCollection.Name)]
public sealed class InfillBaselineTests(TinyPackageFixture package)
{
    private const string Text = "The state of the Union is strong, and our nation must meet the budget this year with courage.";

    [Fact]
    public void Autoregressive_infill_chooses_the_causal_models_argmax_after_its_earlier_fills()
    {
        using var model = MariaModel.Load(package.PackageDirectory);
        var tokens = model.Tokenizer.Encode(Text).ToArray();
        int[] masks = [1, 2, 6, 7, 8, tokens.Length - 1];
        var result = model.Baselines.AutoregressiveInfill(tokens, masks);
        var passes = TeacherForcedOnFills(model, tokens, masks, result.TokenIds);
        for (int k = 0; k < masks.Length; k++)
        {
            Assert.Equal(TensorPrimitives.IndexOfMax(passes.AutoregressiveLogits(0, k)), result.TokenIds[k]);
        }
        Assert.Equal(masks.Length, result.DecoderCalls);
        Assert.Equal(0, result.EncoderCalls);
    }

    [Fact]
    public void Product_of_experts_chooses_the_argmax_of_the_averaged_logits_with_one_mlm_pass()
    {
        using var model = MariaModel.Load(package.PackageDirectory);
        var tokens = model.Tokenizer.Encode(Text).ToArray();
        int[] masks = [0, 3, 4, 5, 11, tokens.Length - 2];
        var result = model.Baselines.ProductOfExperts(tokens, masks);
        var passes = TeacherForcedOnFills(model, tokens, masks, result.TokenIds);
        int v = model.Manifest.Vocabulary.SharedSize;
        var product = new float[v];
        for (int k = 0; k < masks.Length; k++)
        {
            var ar = passes.AutoregressiveLogits(0, k);
            var mlm = passes.MlmLogits(0, k, v);
            for (int j = 0; j < v; j++)
            {
                product[j] = (ar[j] + mlm[j]) / 2f;
            }
            Assert.Equal(TensorPrimitives.IndexOfMax(product), result.TokenIds[k]);
        }
        Assert.Equal(1, result.EncoderCalls);
    }

    [Fact]
    public void The_baselines_ignore_the_values_at_the_masks()
    {
        using var model = MariaModel.Load(package.PackageDirectory);
        var tokens = model.Tokenizer.Encode(Text).ToArray();
        int[] masks = [2, 9];
        var other = tokens.ToArray();
        other[2] = 5;
        other[9] = 7;
        Assert.Equal(model.Baselines.ProductOfExperts(tokens, masks).TokenIds, model.Baselines.ProductOfExperts(other, masks).TokenIds);
        Assert.Equal(model.Baselines.AutoregressiveInfill(tokens, masks).TokenIds, model.Baselines.AutoregressiveInfill(other, masks).TokenIds);
    }

    private static TeacherForcedPasses TeacherForcedOnFills(MariaModel model, int[] tokens, int[] masks, IReadOnlyList<int> fills)
    {
        var filled = tokens.ToArray();
        for (int k = 0; k < masks.Length; k++)
        {
            filled[masks[k]] = fills[k];
        }
        return model.ScorerForTests.TeacherForced([new ScoringText(filled, masks)], TeacherForcedOutputs.Autoregressive | TeacherForcedOutputs.MlmLogits, CancellationToken.None);
    }
}
