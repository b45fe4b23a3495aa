using Maria.Runtime.Baselines;
using Maria.Runtime.Infilling;
using Maria.Runtime.Sampling;

using static Maria.Runtime.Tests.Engine.BatchItems;

namespace Maria.Runtime.Tests.Engine;

/// <summary>
/// Many texts per decoder call (ragged chunks, per-slot past lengths, continuous batching) give exactly the
/// one-at-a-time answers: the same greedy tokens, the same seeded samples, the same teacher-forced log-probabilities.
/// </summary>
[Collection(TinyPackageCollection.Name)]
public sealed class BatchedDecodingTests(TinyPackageFixture package)
{
    // Mixed lengths, adjacent masks, masks at the first and last positions, a text without masks.
    internal static readonly string[] Texts =
    [
        "[MASK] Congress shall meet.",
        "We must [MASK][MASK][MASK] the budget this year and the next, for the people ask it of us.",
        "The state of the Union is good.",
        "Our nation is strong and [MASK]",
        "[MASK][MASK] of the [MASK] is [MASK] and the [MASK] are [MASK] in [MASK] and [MASK].",
        "The [MASK] of the Union is [MASK].",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void Greedy_batches_of_every_size_fill_exactly_what_one_text_at_a_time_fills(int batchSize)
    {
        var model = package.Model;
        var expected = Texts.Select(t => model.Infill(t)).ToArray();

        var items = Collect(model.InfillBatchAsync(Texts, batchSize));

        Assert.Equal(Enumerable.Range(0, Texts.Length), items.Select(i => i.Index).Order());
        foreach (var item in items)
        {
            Assert.Null(item.Error);
            Assert.Equal(expected[item.Index].Output, item.Result!.Output);
            Assert.Equal(expected[item.Index].Tokens.Select(t => t.TokenId), item.Result.Tokens.Select(t => t.TokenId));
            // fp32 matrix products of other shapes round differently in the last bits, nothing more.
            Assert.All(expected[item.Index].Tokens.Zip(item.Result.Tokens), pair => Assert.Equal(pair.First.Probability, pair.Second.Probability, 1e-6f));
        }
    }

    [Fact]
    public void A_seeded_sample_does_not_depend_on_which_texts_share_its_batch()
    {
        var model = package.Model;
        var options = new InfillOptions(new SamplingOptions(Temperature: 1.5f, Seed: 7));
        var alone = Texts.Select(t => model.Infill(t, options).Output).ToArray();

        var together = Collect(model.InfillBatchAsync(Texts, 4, options)).OrderBy(i => i.Index).Select(i => i.Result!.Output);
        var reversed = Collect(model.InfillBatchAsync(Texts.Reverse(), 3, options)).OrderByDescending(i => i.Index).Select(i => i.Result!.Output);

        Assert.Equal(alone, together);
        Assert.Equal(alone, reversed);
    }

    [Fact]
    public void Teacher_forced_log_probabilities_of_a_batch_equal_one_text_at_a_time_within_1e_minus_4()
    {
        var model = package.Model;
        var texts = TrueTokenTexts(model);

        var maria = model.ScoreTokens(texts);
        var product = model.Baselines.ProductLogProbabilities(texts);
        var ar = model.Baselines.AutoregressiveLogProbabilities(texts);

        for (int t = 0; t < texts.Count; t++)
        {
            AssertClose([.. model.ScoreTokens(texts[t].Tokens, texts[t].Masks).LogProbabilities], [.. maria[t].LogProbabilities]);
            AssertClose(model.Baselines.ProductLogProbabilities(texts[t].Tokens, texts[t].Masks), product[t]);
            AssertClose(model.Baselines.AutoregressiveLogProbabilities(texts[t].Tokens, texts[t].Masks), ar[t]);
        }
    }

    [Fact]
    public void Batched_maria_decoding_of_token_arrays_equals_the_one_text_method()
    {
        var model = package.Model;
        var texts = TrueTokenTexts(model);

        var batched = model.Baselines.Maria(texts, batchSize: 3);

        for (int t = 0; t < texts.Count; t++)
        {
            Assert.Equal(model.Baselines.Maria(texts[t].Tokens, texts[t].Masks).TokenIds, batched[t].TokenIds);
        }
    }

    [Fact]
    public void A_bad_text_gets_its_own_error_and_the_others_in_its_batch_complete()
    {
        var model = package.Model;
        string tooLong = string.Join(' ', Enumerable.Repeat("word", 200)) + " [MASK]";
        string special = "The [CLS] of the [MASK].";
        string[] texts = [Texts[0], tooLong, Texts[1], special, Texts[2]];

        var items = Collect(model.InfillBatchAsync(texts, 2)).OrderBy(i => i.Index).ToArray();

        Assert.Equal(5, items.Length);
        Assert.Contains("context holds at most", items[1].Error);
        Assert.Contains("special token", items[3].Error);
        Assert.Equal(model.Infill(Texts[0]).Output, items[0].Result!.Output);
        Assert.Equal(model.Infill(Texts[1]).Output, items[2].Result!.Output);
        Assert.Equal(Texts[2], items[4].Result!.Output);
        Assert.NotEmpty(items[4].Result!.Warnings);
    }

    [Fact]
    public void The_list_overload_names_the_first_bad_text()
    {
        var model = package.Model;

        var error = Assert.Throws<MariaInputException>(() => model.Infill([Texts[0], "The [CLS] is [MASK].", Texts[1]]));

        Assert.StartsWith("text 1: ", error.Message);
    }

    [Fact]
    public void Cancelling_a_batch_stops_every_row()
    {
        var model = package.Model;
        using var cancellation = new CancellationTokenSource();
        var texts = Enumerable.Repeat(Texts[4], 40);
        int seen = 0;

        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var item in Collect(model.InfillBatchAsync(texts, 4, null, cancellation.Token), onItem: () =>
            {
                if (++seen == 3)
                {
                    cancellation.Cancel();
                }
            }))
            {
            }
        });
        Assert.Equal(3, seen);
    }

    private static List<MaskedTokens> TrueTokenTexts(MariaModel model)
    {
        // True tokens (the masks of the texts above replaced by fixed ids) with masks where the texts had them, plus
        // one text scored at its first and last positions.
        var result = new List<MaskedTokens>();
        foreach (string text in Texts.Where(t => t.Contains("[MASK]", StringComparison.Ordinal)))
        {
            var ids = model.Tokenizer.Encode(text).ToArray();
            var masks = Enumerable.Range(0, ids.Length).Where(i => ids[i] == model.Manifest.Vocabulary.MaskId).ToArray();
            foreach (int i in masks)
            {
                ids[i] = 17 + i;
            }
            result.Add(new MaskedTokens(ids, masks));
        }
        var plain = model.Tokenizer.Encode(Texts[2]).ToArray();
        result.Add(new MaskedTokens(plain, [0, plain.Length - 1]));
        return result;
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-4, $"log p {k}: {expected[k]} one at a time, {actual[k]} batched");
        }
    }
}
