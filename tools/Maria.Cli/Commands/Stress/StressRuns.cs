using System.Diagnostics;
using Maria.Runtime;
using Maria.Runtime.Infilling;
using Maria.Runtime.Masking;

namespace Maria.Cli.Commands.Stress;

/// <summary>
/// The four reliability loads of `maria stress` (issue 17), each returning its figures; the tests run short versions.
/// </summary>
internal static class StressRuns
{
    /// <summary>Concurrent calls on one model compared with the same calls run one at a time.</summary>
    public sealed record ConcurrencyFigures(int Calls, int Cancelled, int Disagreements, TimeSpan Sequential, TimeSpan Concurrent, IReadOnlyList<string> FirstDisagreements);

    /// <summary>Resident memory over a run of calls or load cycles: samples (count, bytes) and the slope after warm-up.</summary>
    public sealed record MemoryFigures(IReadOnlyList<(int Count, long Bytes)> Samples, double SlopeBytesPerThousand, long First, long Last);

    /// <summary>Cancellation latency: request to return, in milliseconds.</summary>
    public sealed record LatencyFigures(int Runs, int TextTokens, double Median, double P95, double Max, int CompletedBeforeCancel);

    public static ConcurrencyFigures Concurrency(MariaModel model, int threads, int callsPerThread, int seed)
    {
        var plan = StressWorkload.Plan(threads * callsPerThread, seed);
        var clock = Stopwatch.StartNew();
        // Expected outcomes: every call alone, uncancelled.
        var expected = plan.Select(call => StressWorkload.Run(model, call)).ToArray();
        var sequential = clock.Elapsed;
        var actual = new string?[plan.Count];
        clock.Restart();
        var workers = Enumerable.Range(0, threads).Select(thread => new Thread(() =>
        {
            for (int k = 0; k < callsPerThread; k++)
            {
                int index = thread * callsPerThread + k;
                actual[index] = StressWorkload.RunWithCancellation(model, plan[index]);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var concurrent = clock.Elapsed;
        var disagreements = plan.Where(call => !StressWorkload.Agrees(call, expected[call.Index], actual[call.Index]))
            .Select(call => $"call {call.Index} ({call.Kind}, cancel {call.CancelAfter?.TotalMilliseconds} ms): expected '{expected[call.Index]}', got '{actual[call.Index] ?? "cancelled"}'").ToList();
        return new ConcurrencyFigures(plan.Count, actual.Count(a => a is null || a.EndsWith("\ncancelled", StringComparison.Ordinal)),
            disagreements.Count, sequential, concurrent, [.. disagreements.Take(5)]);
    }

    /// <summary>Sequential infills of the workload's texts, resident memory sampled every <paramref name="every"/> calls.</summary>
    public static MemoryFigures Soak(MariaModel model, int calls, int every, int warmup)
    {
        var plan = StressWorkload.Plan(calls, 1).Select(c => c with { Kind = StressKind.Infill, CancelAfter = null }).ToList();
        var samples = new List<(int, long)> { (0, ResidentMemory.Bytes()) };
        for (int i = 0; i < calls; i++)
        {
            StressWorkload.Run(model, plan[i]);
            if ((i + 1) % every == 0)
            {
                samples.Add((i + 1, ResidentMemory.Bytes()));
            }
        }
        return Figures(samples, warmup);
    }

    /// <summary>Loads and disposes the package <paramref name="cycles"/> times (one infill each), resident memory sampled every <paramref name="every"/>.</summary>
    public static MemoryFigures LoadCycles(string package, int cycles, int every, int warmup)
    {
        var samples = new List<(int, long)> { (0, ResidentMemory.Bytes()) };
        for (int i = 0; i < cycles; i++)
        {
            using (var model = MariaModel.Load(package))
            {
                model.Infill("The [MASK] of the Union.");
            }
            if ((i + 1) % every == 0)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                samples.Add((i + 1, ResidentMemory.Bytes()));
            }
        }
        return Figures(samples, warmup);
    }

    /// <summary>
    /// A masked text of exactly <paramref name="tokens"/> tokens (every fourth word masked) filled greedily and
    /// cancelled at a random instant; the time from Cancel() to the call's return.
    /// </summary>
    public static LatencyFigures CancellationLatency(MariaModel model, int runs, int tokens, int seed)
    {
        string text = TextOfTokens(model, tokens);
        var full = Stopwatch.StartNew();
        model.Infill(text);
        double fillMs = full.Elapsed.TotalMilliseconds;
        var random = new SeededRandom((ulong)seed);
        var latencies = new List<double>();
        int completed = 0;
        for (int run = 0; run < runs; run++)
        {
            using var source = new CancellationTokenSource();
            var call = Task.Run(() => model.Infill(text, InfillOptions.Default, source.Token));
            Thread.Sleep(TimeSpan.FromMilliseconds(random.NextDouble() * fillMs * 0.8));
            var clock = Stopwatch.StartNew();
            source.Cancel();
            try
            {
                call.GetAwaiter().GetResult();
                completed++;
            }
            catch (OperationCanceledException)
            {
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        latencies.Sort();
        return new LatencyFigures(runs, tokens, Percentile(latencies, 0.5), Percentile(latencies, 0.95), latencies.Count > 0 ? latencies[^1] : double.NaN, completed);
    }

    /// <summary>Words of the workload's sentences, every fourth one [MASK], cut to exactly <paramref name="tokens"/> tokens.</summary>
    public static string TextOfTokens(MariaModel model, int tokens)
    {
        var words = string.Join(' ', Enumerable.Repeat("The President of the United States shall from time to time give to the Congress information of the State of the Union and recommend to their consideration such measures as he shall judge necessary and expedient.", 64))
            .Split(' ').Select((w, i) => i % 4 == 3 ? "[MASK]" : w).ToList();
        var ids = model.Tokenizer.Encode(string.Join(' ', words));
        string text = model.Tokenizer.Decode(ids.Take(tokens));
        int count = model.Tokenizer.Encode(text).Count;
        return count == tokens ? text : throw new InvalidOperationException($"the {tokens}-token text re-encodes to {count} tokens");
    }

    private static MemoryFigures Figures(List<(int Count, long Bytes)> samples, int warmup)
    {
        var steady = samples.Where(s => s.Count >= warmup).Select(s => ((double)s.Count, (double)s.Bytes)).ToList();
        return new MemoryFigures(samples, ResidentMemory.Slope(steady) * 1000, samples[0].Bytes, samples[^1].Bytes);
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
