using System.Numerics.Tensors;
using Maria.Runtime.Infilling;
using Maria.Runtime.Sampling;

namespace Maria.Runtime.Tests.Engine;

/// <summary>Algorithm 1 through the public API, on a tiny exported package.</summary>
[Collection(TinyPackageCollection.Name)]
public sealed class InfillEngineTests(TinyPackageFixture package)
{
    private static readonly string[] Texts =
    [
        "The [MASK] of the Union is [MASK].",
        "[MASK] Congress shall meet.",
        "We must [MASK][MASK][MASK] the budget this year.",
        "Our nation is strong and [MASK]",
    ];

    [Fact]
    public void Greedy_infill_equals_the_argmax_of_teacher_forced_maria_logits_at_every_mask()
    {
        var model = package.Model;
        foreach (string text in Texts)
        {
            var result = model.Infill(text);
            var masked = MaskedTextOf(model, text);
            var tokens = masked.Tokens.ToArray();
            foreach (var filled in result.Tokens)
            {
                tokens[filled.Position] = filled.TokenId;
            }
            // Full teacher-forced pass over the filled text: one MLM pass, one AR pass, logits at every mask.
            var logits = ScorerOf(model).Logits(tokens, masked.MaskPositions, CancellationToken.None);
            int vocabulary = model.Manifest.Vocabulary.SharedSize;
            Assert.Equal(masked.MaskPositions.Length, result.Tokens.Count);
            for (int k = 0; k < result.Tokens.Count; k++)
            {
                int argmax = TensorPrimitives.IndexOfMax(logits.AsSpan(k * vocabulary, vocabulary));
                Assert.Equal(argmax, result.Tokens[k].TokenId);
            }
        }
    }

    [Fact]
    public void Every_mask_is_filled_with_one_shared_vocabulary_token_wherever_it_stands()
    {
        var model = package.Model;
        foreach (string text in Texts)
        {
            var result = model.Infill(text);
            Assert.Equal(text.Split("[MASK]").Length - 1, result.Tokens.Count);
            Assert.DoesNotContain("[MASK]", result.Output, StringComparison.Ordinal);
            Assert.All(result.Tokens, t => Assert.InRange(t.TokenId, 0, model.Manifest.Vocabulary.SharedSize - 1));
            Assert.All(result.Tokens, t => Assert.InRange(t.Probability, 0f, 1f));
            Assert.Equal(result.Tokens.Count, result.Timings.DecoderCalls);
            Assert.Equal(result.Output, model.Tokenizer.Decode(FilledIds(model, text, result)));
        }
    }

    [Fact]
    public void Batch_results_equal_one_by_one_results()
    {
        var model = package.Model;
        var batch = model.Infill(Texts);
        for (int i = 0; i < Texts.Length; i++)
        {
            var single = model.Infill(Texts[i]);
            Assert.Equal(single.Output, batch[i].Output);
            Assert.Equal(single.Tokens.Select(t => t.TokenId), batch[i].Tokens.Select(t => t.TokenId));
        }
    }

    [Fact]
    public void Many_threads_on_one_model_give_the_sequential_greedy_results()
    {
        var model = package.Model;
        var expected = Texts.Select(t => model.Infill(t).Output).ToArray();
        var jobs = Enumerable.Range(0, 48).Select(i => i % Texts.Length).ToArray();
        var actual = new string[jobs.Length];
        Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => actual[i] = model.Infill(Texts[jobs[i]]).Output);
        for (int i = 0; i < jobs.Length; i++)
        {
            Assert.Equal(expected[jobs[i]], actual[i]);
        }
    }

    [Fact]
    public void Sampling_is_reproducible_for_a_seed_and_depends_on_it()
    {
        var model = package.Model;
        string text = "We [MASK] [MASK] [MASK] [MASK] [MASK] [MASK] [MASK] [MASK] the people.";
        InfillOptions Seeded(ulong seed) => new(new SamplingOptions(Temperature: 1.5f, Seed: seed));
        var first = model.Infill(text, Seeded(7)).Output;
        Assert.Equal(first, model.Infill(text, Seeded(7)).Output);
        var others = Enumerable.Range(8, 6).Select(s => model.Infill(text, Seeded((ulong)s)).Output);
        Assert.Contains(others, o => o != first);
    }

    [Fact]
    public void A_text_without_a_mask_is_returned_unchanged_with_a_warning()
    {
        var model = package.Model;
        var result = model.Infill("Nothing to fill here.");
        Assert.Equal("Nothing to fill here.", result.Output);
        Assert.Empty(result.Tokens);
        Assert.Contains(result.Warnings, w => w.Contains("no [MASK]", StringComparison.Ordinal));
    }

    [Fact]
    public void A_text_longer_than_the_context_fails_naming_both_lengths()
    {
        var model = package.Model;
        string text = string.Join(' ', Enumerable.Repeat("word", TinyPackageFixture.ContextLength * 2)) + " [MASK]";
        var error = Assert.Throws<MariaInputException>(() => model.Infill(text));
        int tokens = model.Tokenizer.Encode(text).Count;
        Assert.Contains(tokens.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("at most", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_special_token_other_than_mask_in_the_text_is_refused()
    {
        var model = package.Model;
        var error = Assert.Throws<MariaInputException>(() => model.Infill("[CLS] The [MASK] is here."));
        Assert.Contains("[CLS]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streamed_deltas_concatenate_to_the_infill_output_one_event_per_mask_plus_the_rest()
    {
        var model = package.Model;
        foreach (string text in Texts)
        {
            var events = new List<InfillStreamEvent>();
            await foreach (var e in model.StreamAsync(text))
            {
                events.Add(e);
            }
            var expected = model.Infill(text);
            Assert.Equal(expected.Output, string.Concat(events.Select(e => e.TextDelta)));
            Assert.Equal(expected.Tokens.Count + 1, events.Count);
            Assert.Null(events[^1].Token);
            Assert.Equal(expected.Tokens.Select(t => t.TokenId), events.Take(events.Count - 1).Select(e => e.Token!.TokenId));
        }
    }

    [Fact]
    public void Score_is_the_sum_of_log_softmax_at_the_fills_and_greedy_fills_score_highest_for_one_mask()
    {
        var model = package.Model;
        string text = "The [MASK] of the Union.";
        var greedy = model.Infill(text).Tokens.Single();
        var best = model.Score(text, [greedy.TokenId]);
        Assert.Equal(Math.Log(greedy.Probability), best.LogLikelihood, 4);
        foreach (int other in new[] { 5, 100, 1000, 4000 }.Where(t => t != greedy.TokenId))
        {
            Assert.True(model.Score(text, [other]).LogLikelihood < best.LogLikelihood);
        }
        Assert.Throws<MariaInputException>(() => model.Score(text, [1, 2]));
    }

    [Fact]
    public void A_cancelled_token_stops_the_call()
    {
        var model = package.Model;
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => model.Infill("The [MASK] is [MASK].", cancellation: cancelled.Token));
    }

    [Fact]
    public async Task Cancelling_a_stream_after_its_first_token_stops_it_between_steps()
    {
        var model = package.Model;
        using var cancellation = new CancellationTokenSource();
        int received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in model.StreamAsync("[MASK] [MASK] [MASK] [MASK] [MASK] [MASK] [MASK] [MASK] [MASK] [MASK]", cancellation: cancellation.Token))
            {
                received++;
                cancellation.Cancel();
            }
        });
        Assert.InRange(received, 1, 2);
    }

    private static MaskedText MaskedTextOf(MariaModel model, string text) => MaskedText.Encode(model.Tokenizer, model.Manifest.Vocabulary, text);

    private static Scoring.Scorer ScorerOf(MariaModel model) => model.ScorerForTests;

    private static int[] FilledIds(MariaModel model, string text, InfillResult result)
    {
        var tokens = MaskedTextOf(model, text).Tokens.ToArray();
        foreach (var t in result.Tokens)
        {
            tokens[t.Position] = t.TokenId;
        }
        return tokens;
    }
}
