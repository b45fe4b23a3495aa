using System.Numerics.Tensors;
using Maria.Runtime.Sampling;
using Maria.Runtime.Tests.Engine;

namespace Maria.Runtime.Tests.Baselines;

/// <summary>The baselines on token arrays, each checked against an independent full forward pass.</summary>
[Collection(TinyPackageCollection.Name)]
public sealed class MariaBaselinesTests(TinyPackageFixture package)
{
    private const string Text = "The state of the Union is strong, and our nation must meet the budget this year with courage.";

    [Fact]
    public void Maria_without_cache_chooses_exactly_the_greedy_tokens_of_cached_maria()
    {
        var model = package.Model;
        var tokens = TextTokens(model);
        int[] masks = [0, 3, 4, 5, tokens.Length - 1];
        var cached = model.Baselines.Maria(tokens, masks);
        var uncached = model.Baselines.MariaWithoutCache(tokens, masks);
        Assert.Equal(cached.TokenIds, uncached.TokenIds);
        Assert.Equal(masks.Length, cached.TokenIds.Count);
        // Cached: one call per mask on top of the cache; uncached: one full prefix per mask as well.
        Assert.Equal(masks.Length, cached.DecoderCalls);
        Assert.Equal(masks.Length, uncached.DecoderCalls);
    }

    [Fact]
    public void Maria_on_tokens_matches_the_text_infill_of_the_same_masked_text()
    {
        var model = package.Model;
        var result = model.Infill("The [MASK] of the Union is [MASK].");
        var tokens = model.Tokenizer.Encode("The [MASK] of the Union is [MASK].").ToArray();
        var masks = result.Tokens.Select(t => t.Position).ToArray();
        var baseline = model.Baselines.Maria(tokens, masks);
        Assert.Equal(result.Tokens.Select(t => t.TokenId), baseline.TokenIds);
    }

    [Fact]
    public void Masked_language_model_left_to_right_chooses_the_argmax_of_an_encoder_pass_over_the_partially_filled_text()
    {
        var model = package.Model;
        var vocabulary = model.Manifest.Vocabulary;
        var tokens = TextTokens(model);
        int[] masks = [1, 2, 6, tokens.Length - 2];
        var result = model.Baselines.MaskedLanguageModelLeftToRight(tokens, masks);
        Assert.Equal(masks.Length, result.EncoderCalls);
        for (int k = 0; k < masks.Length; k++)
        {
            // [CLS] x' [SEP] with masks before k filled by the chosen tokens and masks from k on still [MASK].
            var stream = new long[tokens.Length + 2];
            stream[0] = vocabulary.ClsId;
            stream[^1] = vocabulary.SepId;
            for (int i = 0; i < tokens.Length; i++)
            {
                stream[i + 1] = tokens[i];
            }
            for (int m = 0; m < masks.Length; m++)
            {
                stream[masks[m] + 1] = m < k ? result.TokenIds[m] : vocabulary.MaskId;
            }
            // Logits at every mask in one run; only mask k's row is the one left-to-right decoding uses.
            var logits = model.Baselines.Encoder.Run(new Maria.Runtime.Inference.EncoderRequest(stream, [], masks.Select(i => i + 1).ToArray()), CancellationToken.None).Logits;
            int v = vocabulary.SharedSize;
            Assert.Equal(TensorPrimitives.IndexOfMax(logits.AsSpan(k * v, v)), result.TokenIds[k]);
        }
    }

    [Fact]
    public void Autoregressive_greedy_tokens_are_the_argmax_of_a_teacher_forced_pass_over_the_generated_sequence()
    {
        var model = package.Model;
        var prefix = TextTokens(model)[..7];
        const int count = 9;
        var result = model.Baselines.Autoregressive(prefix, count);
        Assert.Equal(count, result.TokenIds.Count);
        Assert.Equal(count, result.DecoderCalls);

        // One forward over [BOS] prefix g_1 .. g_{count-1}, AR logits at the states that predict g_1 .. g_count.
        var stream = new long[prefix.Length + count];
        stream[0] = model.Manifest.Vocabulary.BosId;
        for (int j = 0; j < prefix.Length; j++)
        {
            stream[j + 1] = prefix[j];
        }
        for (int k = 0; k < count - 1; k++)
        {
            stream[prefix.Length + 1 + k] = result.TokenIds[k];
        }
        var positions = Enumerable.Range(prefix.Length, count).ToArray();
        var decoder = model.Baselines.Decoder;
        int v = decoder.VocabularySize;
        using var cache = decoder.CreateCache(1, stream.Length);
        var arLogits = decoder.Run(cache, [new Maria.Runtime.Inference.DecoderChunk(0, stream, [], ReadOnlyMemory<float>.Empty, positions)], CancellationToken.None).ArLogits;
        for (int k = 0; k < count; k++)
        {
            Assert.Equal(TensorPrimitives.IndexOfMax(arLogits.AsSpan(k * v, v)), result.TokenIds[k]);
        }
    }

    [Fact]
    public void Autoregressive_sampling_is_reproducible_for_a_seed()
    {
        var model = package.Model;
        var prefix = TextTokens(model)[..4];
        var sampling = new SamplingOptions(Temperature: 1.5f, Seed: 42);
        var first = model.Baselines.Autoregressive(prefix, 12, sampling);
        var second = model.Baselines.Autoregressive(prefix, 12, sampling);
        Assert.Equal(first.TokenIds, second.TokenIds);
        Assert.All(first.TokenIds, id => Assert.InRange(id, 0, model.Manifest.Vocabulary.SharedSize - 1));
    }

    [Fact]
    public void Every_method_reports_positive_counts_and_timings()
    {
        var model = package.Model;
        var tokens = TextTokens(model);
        int[] masks = [2, 5, 9];
        var results = new[]
        {
            model.Baselines.Maria(tokens, masks),
            model.Baselines.MariaWithoutCache(tokens, masks),
            model.Baselines.MaskedLanguageModelLeftToRight(tokens, masks),
            model.Baselines.Autoregressive(tokens[..9], masks.Length),
        };
        foreach (var result in results)
        {
            Assert.Equal(masks.Length, result.TokenIds.Count);
            Assert.Equal(masks.Length, result.Probabilities.Count);
            Assert.True(result.Elapsed > TimeSpan.Zero);
            Assert.True(result.EncoderTime + result.DecoderTime > TimeSpan.Zero);
            Assert.True(result.EncoderCalls + result.DecoderCalls > 0);
            Assert.True(result.TokensPerSecond > 0);
            Assert.All(result.Probabilities, p => Assert.InRange(p, 0f, 1f));
        }
    }

    [Fact]
    public void Plain_generation_times_its_prefill_apart_from_the_steps_after_it()
    {
        var model = package.Model;
        var result = model.Baselines.Autoregressive(TextTokens(model)[..9], 6);
        // The prefill (the prompt's call and the first choice) is a part of the whole call, never all of it.
        Assert.InRange(result.PrefillTime, TimeSpan.FromTicks(1), result.Elapsed - TimeSpan.FromTicks(1));
        double expected = 5 / (result.Elapsed - result.PrefillTime).TotalSeconds;
        Assert.Equal(expected, result.DecodeStepsPerSecond, expected * 1e-12);
        // One generated token has no step after the prefill; the other methods time no prefill.
        Assert.Equal(0, model.Baselines.Autoregressive(TextTokens(model)[..9], 1).DecodeStepsPerSecond);
        Assert.Equal(0, model.Baselines.Maria(TextTokens(model), [2, 5]).DecodeStepsPerSecond);
    }

    [Fact]
    public void Bad_token_arrays_are_refused_with_one_line_messages()
    {
        var model = package.Model;
        var tokens = TextTokens(model);
        var baselines = model.Baselines;
        var decreasing = Assert.Throws<MariaInputException>(() => baselines.Maria(tokens, [4, 2]));
        Assert.Contains("increasing", decreasing.Message, StringComparison.Ordinal);
        var outOfRange = Assert.Throws<MariaInputException>(() => baselines.MaskedLanguageModelLeftToRight(tokens, [tokens.Length]));
        Assert.Contains("increasing positions", outOfRange.Message, StringComparison.Ordinal);
        var special = tokens.ToArray();
        special[1] = model.Manifest.Vocabulary.MaskId;
        var vocabulary = Assert.Throws<MariaInputException>(() => baselines.MariaWithoutCache(special, [3]));
        Assert.Contains("position 1", vocabulary.Message, StringComparison.Ordinal);
        var tooLong = Assert.Throws<MariaInputException>(() => baselines.Maria(new int[baselines.MaxTokens + 1], [0]));
        Assert.Contains("at most", tooLong.Message, StringComparison.Ordinal);
        Assert.Throws<MariaInputException>(() => baselines.Autoregressive(tokens, TinyPackageFixture.ContextLength));
        Assert.All([decreasing, outOfRange, vocabulary, tooLong], e => Assert.DoesNotContain('\n', e.Message));
    }

    private static int[] TextTokens(MariaModel model)
    {
        var tokens = model.Tokenizer.Encode(Text).ToArray();
        Assert.True(tokens.Length >= 16, $"the test text should be at least 16 tokens, got {tokens.Length}");
        Assert.All(tokens, t => Assert.InRange(t, 0, model.Manifest.Vocabulary.SharedSize - 1));
        return tokens;
    }
}
