using System.Text.Json.Nodes;
using Maria.Runtime.Infilling;

using static Maria.Runtime.Tests.Engine.BatchItems;

namespace Maria.Runtime.Tests.Engine;

/// <summary>
/// <see cref="MariaModelOptions.Workers"/>: several batches decoded side by side on threads of their own, sharing the
/// model's sessions, give the one-worker answers, keep bad texts to themselves and stop together when cancelled.
/// </summary>
[Collection(TinyPackageCollection.Name)]
public sealed class InfillWorkersTests(TinyPackageFixture package)
{
    // The batch tests' texts (mixed lengths, adjacent masks, masks at the first and last positions, a text without
    // masks), three times over so that every worker gets several.
    private static readonly string[] Texts = [.. BatchedDecodingTests.Texts, .. BatchedDecodingTests.Texts, .. BatchedDecodingTests.Texts];

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    public void Workers_side_by_side_fill_exactly_what_one_worker_fills(int workers, int batchSize)
    {
        using var parallel = MariaModel.Load(package.PackageDirectory, new MariaModelOptions { Workers = workers });
        var expected = Collect(package.Model.InfillBatchAsync(Texts, batchSize)).OrderBy(i => i.Index).ToArray();

        var items = Collect(parallel.InfillBatchAsync(Texts, batchSize)).OrderBy(i => i.Index).ToArray();

        Assert.Equal(Enumerable.Range(0, Texts.Length), items.Select(i => i.Index));
        for (int i = 0; i < Texts.Length; i++)
        {
            Assert.Null(items[i].Error);
            Assert.Equal(expected[i].Result!.Output, items[i].Result!.Output);
            Assert.Equal(expected[i].Result!.Tokens.Select(t => t.TokenId), items[i].Result!.Tokens.Select(t => t.TokenId));
            // Which texts share a call depends on which worker took them: fp32 products of other shapes round
            // differently in the last bits, nothing more (as in BatchedDecodingTests).
            Assert.All(expected[i].Result!.Tokens.Zip(items[i].Result!.Tokens), pair => Assert.Equal(pair.First.Probability, pair.Second.Probability, 1e-6f));
        }
        Assert.Equal(expected.Select(i => i.Result!.Output), parallel.Infill(Texts).Select(r => r.Output));
    }

    [Fact]
    public void The_workers_runs_happen_on_threads_of_their_own_at_the_same_time()
    {
        string profiles = Path.Combine(package.Root, $"workers-profile-{Guid.NewGuid():N}");
        using (var parallel = MariaModel.Load(package.PackageDirectory, new MariaModelOptions { Workers = 2, ProfileDirectory = profiles }))
        {
            Collect(parallel.InfillBatchAsync(Texts, 1));
        }

        // ONNX Runtime's own trace: each decoder run with the thread that ran it and when.
        var runs = JsonNode.Parse(File.ReadAllText(Assert.Single(Directory.GetFiles(profiles, "decoder*.json"))))!.AsArray()
            .Where(e => e!["cat"]?.GetValue<string>() == "Session" && e["name"]!.GetValue<string>() == "model_run")
            .Select(e => (Thread: e!["tid"]!.GetValue<long>(), Start: e["ts"]!.GetValue<long>(), End: e["ts"]!.GetValue<long>() + e["dur"]!.GetValue<long>()))
            .ToArray();
        Assert.Equal(2, runs.Select(r => r.Thread).Distinct().Count());
        // Some run of one thread overlaps in time a run of the other: the batches really go side by side.
        var byThread = runs.GroupBy(r => r.Thread).Select(g => g.ToArray()).ToArray();
        Assert.Contains(byThread[0], a => byThread[1].Any(b => a.Start < b.End && b.Start < a.End));
    }

    [Fact]
    public void With_several_workers_a_bad_text_gets_its_own_error_and_the_others_complete()
    {
        using var parallel = MariaModel.Load(package.PackageDirectory, new MariaModelOptions { Workers = 2 });
        string tooLong = string.Join(' ', Enumerable.Repeat("word", 200)) + " [MASK]";
        string[] texts = [Texts[0], tooLong, Texts[1], "The [CLS] of the [MASK].", Texts[2], Texts[4]];

        var items = Collect(parallel.InfillBatchAsync(texts, 2)).OrderBy(i => i.Index).ToArray();

        Assert.Equal(Enumerable.Range(0, texts.Length), items.Select(i => i.Index));
        Assert.Contains("context holds at most", items[1].Error);
        Assert.Contains("special token", items[3].Error);
        foreach (int i in new[] { 0, 2, 4, 5 })
        {
            Assert.Equal(package.Model.Infill(texts[i]).Output, items[i].Result!.Output);
        }
        // The list overload names the first bad text whichever worker met its error first.
        var error = Assert.Throws<MariaInputException>(() => parallel.Infill(texts));
        Assert.StartsWith("text 1: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancelling_stops_every_worker_and_the_model_can_then_be_disposed()
    {
        var parallel = MariaModel.Load(package.PackageDirectory, new MariaModelOptions { Workers = 3 });
        using var cancellation = new CancellationTokenSource();
        int seen = 0;

        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var item in Collect(parallel.InfillBatchAsync(Enumerable.Repeat(Texts[4], 60), 2, null, cancellation.Token), onItem: () =>
            {
                if (++seen == 4)
                {
                    cancellation.Cancel();
                }
            }))
            {
            }
        });
        Assert.Equal(4, seen);
        // Disposing waits for runs in flight; none is, since the enumeration ended after every worker had stopped.
        parallel.Dispose();
    }

    [Fact]
    public void Workers_share_the_cores_unless_the_threads_are_given()
    {
        int cores = Environment.ProcessorCount;
        Assert.Equal(0, new MariaModelOptions().EffectiveIntraOpThreads);
        Assert.Equal(Math.Max(1, cores / 2), new MariaModelOptions { Workers = 2 }.EffectiveIntraOpThreads);
        Assert.Equal(1, new MariaModelOptions { Workers = cores + 1 }.EffectiveIntraOpThreads);
        Assert.Equal(3, new MariaModelOptions(IntraOpThreads: 3) { Workers = 2 }.EffectiveIntraOpThreads);
    }

    [Fact]
    public void Loading_with_zero_workers_is_refused_in_one_line()
    {
        var error = Assert.Throws<MariaInputException>(() => MariaModel.Load(package.PackageDirectory, new MariaModelOptions { Workers = 0 }));

        Assert.Equal("workers 0 is below 1; give the number of batches to decode side by side (1 = one, the default)", error.Message);
    }
}
