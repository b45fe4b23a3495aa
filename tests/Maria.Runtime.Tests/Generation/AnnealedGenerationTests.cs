using Maria.Runtime.Generation;
using Maria.Runtime.Sampling;
using Maria.Runtime.Tests.Engine;

namespace Maria.Runtime.Tests.Generation;

/// <summary>Annealed generation (maria-method.md §7) on a tiny exported package: the draft, the refinements, seeding.</summary>
[Collection(TinyPackageCollection.Name)]
public sealed class AnnealedGenerationTests(TinyPackageFixture package)
{
    private const string Prefix = "The state of the Union";

    [Fact]
    public void Zero_iterations_equal_plain_autoregressive_sampling_at_temperature_one_with_the_same_seed()
    {
        var model = package.Model;
        var prefix = model.Tokenizer.Encode(Prefix).ToArray();
        foreach (ulong seed in new ulong[] { 0, 7, 123456789 })
        {
            var result = model.Generate(new GenerationOptions(16, Iterations: 0, Seed: seed, Prefix: Prefix));
            var plain = model.Baselines.Autoregressive(prefix, 16, new SamplingOptions(Temperature: 1f, Seed: seed));
            Assert.Equal([.. prefix, .. plain.TokenIds], result.TokenIds);
            Assert.Single(result.Iterations);
            Assert.False(result.Cancelled);
        }
    }

    [Fact]
    public void The_draft_log_likelihood_is_the_sum_of_the_log_probabilities_the_sampler_saw()
    {
        var model = package.Model;
        var prefix = model.Tokenizer.Encode(Prefix).ToArray();
        var result = model.Generate(new GenerationOptions(12, Seed: 3, Prefix: Prefix));
        // Incremental KV-cached decoding reports p at temperature 1; the teacher-forced pass must agree.
        var plain = model.Baselines.Autoregressive(prefix, 12, new SamplingOptions(Temperature: 1f, Seed: 3));
        double expected = plain.Probabilities.Sum(p => Math.Log(p));
        Assert.Equal(expected, result.ArLogLikelihood, 3);
        Assert.Equal(Math.Exp(-expected / 12), result.Final.ArPerplexity, 3);
    }

    [Fact]
    public void The_same_seed_gives_the_same_text_and_different_seeds_give_different_texts()
    {
        var model = package.Model;
        var options = new GenerationOptions(20, Iterations: 3, Seed: 11);
        var first = model.Generate(options);
        var second = model.Generate(options);
        Assert.Equal(first.TokenIds, second.TokenIds);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Iterations.Select(i => i.TokenIds), second.Iterations.Select(i => i.TokenIds));

        var texts = new[] { 12UL, 13UL, 14UL }.Select(seed => model.Generate(options with { Seed = seed }).Text).ToList();
        texts.Add(first.Text);
        Assert.True(texts.Distinct().Count() > 1, "four seeds all gave the same text");
        Assert.NotEqual(first.Text, texts[0]);
    }

    [Fact]
    public void The_prefix_is_kept_at_the_start_of_every_iteration()
    {
        var model = package.Model;
        var prefix = model.Tokenizer.Encode(Prefix).ToArray();
        var result = model.Generate(new GenerationOptions(10, Iterations: 4, RemaskFraction: 1.0, Seed: 5, Prefix: Prefix));
        Assert.Equal(5, result.Iterations.Count);
        foreach (var iteration in result.Iterations)
        {
            Assert.Equal(prefix.Length, iteration.PrefixLength);
            Assert.Equal(prefix, iteration.TokenIds.Take(prefix.Length));
            Assert.Equal(prefix.Length + 10, iteration.TokenIds.Count);
            Assert.StartsWith(Prefix, iteration.Text, StringComparison.Ordinal);
            Assert.All(iteration.RemaskedPositions, p => Assert.InRange(p, prefix.Length, prefix.Length + 9));
        }
    }

    [Fact]
    public void Each_iteration_changes_only_its_remasked_positions_and_at_most_the_rounded_fraction()
    {
        var model = package.Model;
        var options = new GenerationOptions(17, Iterations: 6, RemaskFraction: 0.3, Seed: 9, Prefix: Prefix);
        var result = model.Generate(options);
        Assert.Equal(7, result.Iterations.Count);
        Assert.Empty(result.Iterations[0].RemaskedPositions);
        int budget = (int)Math.Round(0.3 * 17, MidpointRounding.AwayFromZero);
        for (int k = 1; k < result.Iterations.Count; k++)
        {
            var before = result.Iterations[k - 1].TokenIds;
            var after = result.Iterations[k].TokenIds;
            var remasked = result.Iterations[k].RemaskedPositions;
            Assert.Equal(budget, remasked.Count);
            Assert.Equal(remasked.Count, remasked.Distinct().Count());
            var changed = Enumerable.Range(0, after.Count).Where(i => before[i] != after[i]).ToList();
            Assert.True(changed.Count <= budget, $"iteration {k} changed {changed.Count} positions");
            Assert.All(changed, i => Assert.Contains(i, remasked));
        }
    }

    [Fact]
    public void Iterations_report_their_schedule_temperatures_and_growing_elapsed_time()
    {
        var model = package.Model;
        var result = model.Generate(new GenerationOptions(8, Iterations: 4, Schedule: TemperatureSchedule.Cosine, Seed: 2));
        Assert.Equal([0, 1, 2, 3, 4], result.Iterations.Select(i => i.Index));
        // The cosine schedule (1 + cos(pi k / K)) / 2 at K = 4, written out: 1 (the AR draft), (2 + sqrt 2) / 4, 1/2,
        // (2 - sqrt 2) / 4, 0 (greedy).
        double[] expected = [1.0, 0.853_553_390_593_273_8, 0.5, 0.146_446_609_406_726_2, 0.0];
        for (int k = 0; k <= 4; k++)
        {
            Assert.Equal(expected[k], result.Iterations[k].Temperature, 1e-12);
        }
        for (int k = 1; k <= 4; k++)
        {
            Assert.True(result.Iterations[k].Elapsed >= result.Iterations[k - 1].Elapsed);
        }
    }

    [Fact]
    public void A_greedy_last_iteration_fills_each_remasked_position_with_the_maria_argmax()
    {
        var model = package.Model;
        var result = model.Generate(new GenerationOptions(12, Iterations: 2, RemaskFraction: 0.5, Seed: 4));
        var last = result.Iterations[2];
        Assert.Equal(0.0, last.Temperature);
        // Greedy MARIA on the previous text with the same masks must choose exactly the final tokens.
        var greedy = model.Baselines.Maria(result.Iterations[1].TokenIds, last.RemaskedPositions);
        Assert.Equal(last.RemaskedPositions.Select(p => last.TokenIds[p]), greedy.TokenIds);
    }

    [Fact]
    public void Every_iteration_log_likelihood_matches_teacher_forced_scoring_of_its_text()
    {
        var model = package.Model;
        var result = model.Generate(new GenerationOptions(10, Iterations: 2, Seed: 8, Prefix: Prefix));
        foreach (var iteration in result.Iterations)
        {
            var generated = Enumerable.Range(iteration.PrefixLength, 10).ToArray();
            double expected = model.Baselines.AutoregressiveLogProbabilities(iteration.TokenIds, generated).Sum();
            Assert.Equal(expected, iteration.ArLogLikelihood, 9);
            Assert.True(iteration.ArLogLikelihood < 0);
        }
    }

    [Fact]
    public async Task The_stream_yields_the_same_iterations_as_generate()
    {
        var model = package.Model;
        var options = new GenerationOptions(9, Iterations: 3, Seed: 21, Prefix: Prefix);
        var blocking = model.Generate(options);
        var streamed = new List<GenerationIteration>();
        await foreach (var iteration in model.GenerateStreamAsync(options))
        {
            streamed.Add(iteration);
        }
        Assert.Equal(blocking.Iterations.Select(i => i.TokenIds), streamed.Select(i => i.TokenIds));
        Assert.Equal(blocking.Iterations.Select(i => i.Text), streamed.Select(i => i.Text));
    }
}
