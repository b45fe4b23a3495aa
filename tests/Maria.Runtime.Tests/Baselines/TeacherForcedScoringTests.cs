using Maria.Runtime.Packaging;
using Maria.Runtime.Tests.Engine;

namespace Maria.Runtime.Tests.Baselines;

/// <summary>
/// The exact scoring APIs of the eval baselines (ar, product, mlm, maria), each checked against an independent
/// computation built from separate encoder and decoder runs on the tiny package.
/// </summary>
[Collection(TinyPackageCollection.Name)]
public sealed class TeacherForcedScoringTests(TinyPackageFixture package)
{
    private const string Text = "The state of the Union is strong, and our nation must meet the budget this year with courage.";
    private const double Tolerance = 1e-4;

    [Fact]
    public void Autoregressive_log_probabilities_equal_a_separate_prefix_pass_per_position()
    {
        var model = package.Model;
        var tokens = TextTokens(model);
        int[] positions = [0, 1, 4, 9, tokens.Length - 1];
        var scored = model.Baselines.AutoregressiveLogProbabilities(tokens, positions);
        Assert.Equal(positions.Length, scored.Length);
        for (int k = 0; k < positions.Length; k++)
        {
            var logits = ArLogitsAfterPrefix(model, tokens, positions[k]);
            Assert.Equal(LogSoftmax(logits, tokens[positions[k]]), scored[k], Tolerance);
        }
    }

    [Fact]
    public void Product_log_probabilities_equal_the_log_softmax_of_the_averaged_separate_logits()
    {
        var model = package.Model;
        var vocabulary = model.Manifest.Vocabulary;
        var tokens = TextTokens(model);
        int[] masks = [2, 3, 7, 12, tokens.Length - 3];
        var scored = model.Baselines.ProductLogProbabilities(tokens, masks);

        // The MLM sees every mask as [MASK] at once; logits at each mask from one pass.
        var stream = MlmStream(vocabulary, tokens, masks, filledBefore: 0);
        var mlmLogits = model.Baselines.Encoder.Run(new Maria.Runtime.Inference.EncoderRequest(stream, [], masks.Select(i => i + 1).ToArray()), CancellationToken.None).Logits;
        int v = vocabulary.SharedSize;
        for (int k = 0; k < masks.Length; k++)
        {
            var ar = ArLogitsAfterPrefix(model, tokens, masks[k]);
            var average = new float[v];
            for (int j = 0; j < v; j++)
            {
                average[j] = (ar[j] + mlmLogits[k * v + j]) / 2f;
            }
            Assert.Equal(LogSoftmax(average, tokens[masks[k]]), scored[k], Tolerance);
        }
    }

    [Fact]
    public void Masked_language_model_value_at_the_first_mask_equals_the_one_pass_logit_with_every_mask_hidden()
    {
        var model = package.Model;
        var vocabulary = model.Manifest.Vocabulary;
        var tokens = TextTokens(model);
        int[] masks = [1, 5, 6, 10];
        var scored = model.Baselines.MaskedLanguageModelLogProbabilities(tokens, masks);
        var stream = MlmStream(vocabulary, tokens, masks, filledBefore: 0);
        var logits = model.Baselines.Encoder.Run(new Maria.Runtime.Inference.EncoderRequest(stream, [], [masks[0] + 1]), CancellationToken.None).Logits;
        Assert.Equal(LogSoftmax(logits, tokens[masks[0]]), scored[0], Tolerance);
    }

    [Fact]
    public void Masked_language_model_values_reveal_earlier_masks_with_their_true_tokens()
    {
        var model = package.Model;
        var vocabulary = model.Manifest.Vocabulary;
        var tokens = TextTokens(model);
        int[] masks = [0, 3, 4, 8, tokens.Length - 1];
        var scored = model.Baselines.MaskedLanguageModelLogProbabilities(tokens, masks);
        for (int k = 0; k < masks.Length; k++)
        {
            var stream = MlmStream(vocabulary, tokens, masks, filledBefore: k);
            var logits = model.Baselines.Encoder.Run(new Maria.Runtime.Inference.EncoderRequest(stream, [], [masks[k] + 1]), CancellationToken.None).Logits;
            Assert.Equal(LogSoftmax(logits, tokens[masks[k]]), scored[k], Tolerance);
        }
        // Revealing earlier masks changes later values: the method is not the one-pass product of marginals.
        var onePass = MlmStream(vocabulary, tokens, masks, filledBefore: 0);
        var last = model.Baselines.Encoder.Run(new Maria.Runtime.Inference.EncoderRequest(onePass, [], [masks[^1] + 1]), CancellationToken.None).Logits;
        double hidden = LogSoftmax(last, tokens[masks[^1]]);
        Assert.True(Math.Abs(hidden - scored[^1]) > Tolerance, $"left-to-right {scored[^1]} should differ from the all-hidden {hidden}");
    }

    [Fact]
    public void Product_equals_maria_on_a_package_whose_head_is_the_product_of_experts()
    {
        var model = package.Model;
        Assert.Equal(HeadManifest.ProductOfExperts, model.Manifest.Head.Kind);
        var tokens = TextTokens(model);
        int[] masks = [0, 2, 3, 11, 14, tokens.Length - 1];
        var product = model.Baselines.ProductLogProbabilities(tokens, masks);
        var maria = model.ScoreTokens(tokens, masks).LogProbabilities;
        Assert.Equal(masks.Length, maria.Count);
        for (int k = 0; k < masks.Length; k++)
        {
            Assert.Equal(maria[k], product[k], 1e-3);
        }
    }

    [Fact]
    public void Every_scoring_method_returns_nothing_for_no_positions()
    {
        var model = package.Model;
        var tokens = TextTokens(model);
        var baselines = model.Baselines;
        Assert.Empty(baselines.AutoregressiveLogProbabilities(tokens, []));
        Assert.Empty(baselines.ProductLogProbabilities(tokens, []));
        Assert.Empty(baselines.MaskedLanguageModelLogProbabilities(tokens, []));
        Assert.Empty(model.ScoreTokens(tokens, []).LogProbabilities);
    }

    [Fact]
    public void Scoring_refuses_special_tokens_even_at_masked_positions_and_bad_positions_with_one_line_messages()
    {
        var model = package.Model;
        var tokens = TextTokens(model);
        var baselines = model.Baselines;
        var withMask = tokens.ToArray();
        withMask[3] = model.Manifest.Vocabulary.MaskId;
        var special = Assert.Throws<MariaInputException>(() => model.ScoreTokens(withMask, [3]));
        Assert.Contains("position 3", special.Message, StringComparison.Ordinal);
        var decreasing = Assert.Throws<MariaInputException>(() => baselines.AutoregressiveLogProbabilities(tokens, [5, 5]));
        Assert.Contains("increasing", decreasing.Message, StringComparison.Ordinal);
        var outside = Assert.Throws<MariaInputException>(() => baselines.ProductLogProbabilities(tokens, [-1]));
        Assert.Contains("increasing positions", outside.Message, StringComparison.Ordinal);
        var tooLong = Assert.Throws<MariaInputException>(() => baselines.MaskedLanguageModelLogProbabilities(new int[baselines.MaxTokens + 1], [0]));
        Assert.Contains("at most", tooLong.Message, StringComparison.Ordinal);
        Assert.All([special, decreasing, outside, tooLong], e => Assert.DoesNotContain('\n', e.Message));
    }

    /// <summary>ar_logits [V_s] predicting tokens[position], from a fresh decoder run over [BOS] x_1 .. x_{position}.</summary>
    private static float[] ArLogitsAfterPrefix(MariaModel model, int[] tokens, int position)
    {
        var stream = new long[position + 1];
        stream[0] = model.Manifest.Vocabulary.BosId;
        for (int j = 0; j < position; j++)
        {
            stream[j + 1] = tokens[j];
        }
        var decoder = model.Baselines.Decoder;
        using var cache = decoder.CreateCache(1, stream.Length);
        return decoder.Run(cache, [new Maria.Runtime.Inference.DecoderChunk(0, stream, [], ReadOnlyMemory<float>.Empty, [position])], CancellationToken.None).ArLogits;
    }

    /// <summary>[CLS] x' [SEP] with the first <paramref name="filledBefore"/> masks holding true tokens, the rest [MASK].</summary>
    private static long[] MlmStream(VocabularyManifest vocabulary, int[] tokens, int[] masks, int filledBefore)
    {
        var stream = new long[tokens.Length + 2];
        stream[0] = vocabulary.ClsId;
        stream[^1] = vocabulary.SepId;
        for (int i = 0; i < tokens.Length; i++)
        {
            stream[i + 1] = tokens[i];
        }
        for (int m = filledBefore; m < masks.Length; m++)
        {
            stream[masks[m] + 1] = vocabulary.MaskId;
        }
        return stream;
    }

    private static double LogSoftmax(ReadOnlySpan<float> logits, int index)
    {
        double max = double.NegativeInfinity;
        foreach (float value in logits)
        {
            max = Math.Max(max, value);
        }
        double sum = 0;
        foreach (float value in logits)
        {
            sum += Math.Exp(value - max);
        }
        return logits[index] - (max + Math.Log(sum));
    }

    private static int[] TextTokens(MariaModel model)
    {
        var tokens = model.Tokenizer.Encode(Text).ToArray();
        Assert.True(tokens.Length >= 16, $"the test text should be at least 16 tokens, got {tokens.Length}");
        return tokens;
    }
}
