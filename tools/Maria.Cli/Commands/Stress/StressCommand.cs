using System.Globalization;
using CommandLine;
using Maria.Cli.Models;
using Maria.Runtime;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Stress;

/// <summary>
/// <c>maria stress</c>: the reliability loads of docs/RELIABILITY.md with their figures - one model shared by many
/// threads (results against sequential runs), a long sequential soak (resident memory slope), load/dispose cycles,
/// and cancellation latency on a 512-token text. Any part is skipped with 0. Exit 1 when a concurrent result differs.
/// </summary>
[Verb("stress", HelpText = "Reliability loads with figures: --threads x --calls mixed concurrent calls vs sequential, a --soak of sequential infills (RSS slope), --cycles load/dispose, --latency-runs cancellations of a 512-token fill.")]
internal sealed class StressCommand : ICommand
{
    [Option("model", HelpText = "Package directory (default: the embedded models/maria-tiny).")]
    public string? Model { get; set; }

    [Option("threads", Default = 16, HelpText = "Threads sharing one model.")]
    public int Threads { get; set; } = 16;

    [Option("calls", Default = 200, HelpText = "Mixed calls per thread (infill, stream, score, generate; a fifth cancelled at random).")]
    public int Calls { get; set; } = 200;

    [Option("soak", Default = 5000, HelpText = "Sequential infills, resident memory sampled every 100.")]
    public int Soak { get; set; } = 5000;

    [Option("cycles", Default = 200, HelpText = "Load/dispose cycles of the package in this process.")]
    public int Cycles { get; set; } = 200;

    [Option("latency-runs", Default = 50, HelpText = "Cancellations of a 512-token fill at random instants.")]
    public int LatencyRuns { get; set; } = 50;

    [Option("seed", Default = 17, HelpText = "Seed of the call mix and the cancellation instants.")]
    public int Seed { get; set; } = 17;

    public int Execute(CommandContext context)
    {
        string package = DefaultModelLocator.Resolve(Model);
        var o = context.Out;
        int disagreements = 0;
        using (var model = MariaModel.Load(package))
        {
            if (Threads > 0 && Calls > 0)
            {
                var c = StressRuns.Concurrency(model, Threads, Calls, Seed);
                disagreements = c.Disagreements;
                o.WriteLine(Invariant($"concurrency: {Threads} threads x {Calls} calls = {c.Calls} mixed calls on one model, {c.Cancelled} cancelled, {c.Disagreements} differing from sequential runs; sequential {c.Sequential.TotalSeconds:F1} s, concurrent {c.Concurrent.TotalSeconds:F1} s"));
                c.FirstDisagreements.ToList().ForEach(d => o.WriteLine("  " + d));
            }
            if (Soak > 0)
            {
                var s = StressRuns.Soak(model, Soak, every: 100, warmup: Math.Min(1000, Soak / 5));
                o.WriteLine(Invariant($"soak: {Soak} sequential infills, VmRSS {Mb(s.First)} -> {Mb(s.Last)} MB, slope after call {Math.Min(1000, Soak / 5)}: {s.SlopeBytesPerThousand / 1024:F1} KiB per 1000 calls"));
                o.WriteLine("  samples (calls:MB): " + string.Join(' ', s.Samples.Where((_, i) => i % 5 == 0).Select(p => Invariant($"{p.Count}:{Mb(p.Bytes)}"))));
            }
            if (LatencyRuns > 0)
            {
                var l = StressRuns.CancellationLatency(model, LatencyRuns, 512, Seed);
                o.WriteLine(Invariant($"cancellation: {l.Runs} greedy fills of a {l.TextTokens}-token text cancelled at random instants: request to return median {l.Median:F1} ms, p95 {l.P95:F1} ms, max {l.Max:F1} ms ({l.CompletedBeforeCancel} finished first)"));
            }
        }
        if (Cycles > 0)
        {
            int every = Math.Max(1, Cycles / 20);
            var r = StressRuns.LoadCycles(package, Cycles, every, warmup: Cycles / 5);
            o.WriteLine(Invariant($"load/dispose: {Cycles} cycles, VmRSS {Mb(r.First)} -> {Mb(r.Last)} MB, slope after cycle {Cycles / 5}: {r.SlopeBytesPerThousand / 1024 / 1000:F1} KiB per cycle"));
            o.WriteLine("  samples (cycles:MB): " + string.Join(' ', r.Samples.Select(p => Invariant($"{p.Count}:{Mb(p.Bytes)}"))));
        }
        return disagreements == 0 ? ExitCodes.Success : ExitCodes.BadInput;
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
