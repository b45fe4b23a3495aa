using System.Diagnostics;
using System.Globalization;
using CommandLine;
using Maria.Cli.Inputs;
using Maria.Cli.Models;
using Maria.Cli.Plotting;
using Maria.Export.Files;
using Maria.Runtime;
using Maria.Runtime.Baselines;
using Maria.Runtime.Masking;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Bench;

/// <summary>
/// <c>maria bench</c>: tokens filled per second by input length for KV-cached MARIA, MARIA without cache, the MLM
/// decoded left to right, and plain autoregressive generation, all on the same tokens and masks; with
/// <c>--batch-sizes</c>, records/s of batched MARIA decoding by batch size (<see cref="BatchBench"/>). It prints
/// figures; it is never a timed test.
/// </summary>
[Verb("bench", HelpText = "Throughput by input length (median tokens filled per second) of MARIA with and without KV cache, the MLM left to right, and plain AR generation, on the same inputs and masks. With --batch-sizes: records/s, masked tokens/s, speed-up over batch 1 and peak resident memory of batched MARIA decoding at each batch size, in one run.")]
internal sealed class BenchCommand : ICommand
{
    [Option("model", HelpText = "Package directory (with maria.json). Default: the embedded models/maria-tiny.")]
    public string? Model { get; set; }

    [Option("data", Default = "data/sotu/validation.jsonl", HelpText = "JSON lines {\"text\": ...}; inputs are cut from their tokens in file order. With --batch-sizes, records whose texts hold [MASK] (the first one decides; e.g. from tools/bench/masked-records.sh) are decoded as they are.")]
    public string Data { get; set; } = "";

    [Option("lengths", HelpText = "Comma-separated input lengths in tokens (default 64,128,256,512). With --batch-sizes and unmasked --data: the one length of the generated records (default 512).")]
    public string? Lengths { get; set; }

    [Option("batch-sizes", HelpText = "Comma-separated batch sizes including 1, e.g. 1,2,4,8,16: decode the same records greedily with KV-cached MARIA at each (continuous batching), smallest first in this one process, and print records/s, masked tokens/s, the speed-up over batch 1 and the peak resident memory (VmRSS sampled every 10 ms while that batch size ran; memory kept from a smaller batch size counts).")]
    public string? BatchSizes { get; set; }

    [Option("records", HelpText = "With --batch-sizes: records to generate from unmasked --data (default 32), or the first N of a masked file (default all).")]
    public int? Records { get; set; }

    [Option("mask-rate", Default = 0.5, HelpText = "Fraction of the input's tokens masked, in (0, 1): max(1, round(rate * length)) positions (the project's mask rule).")]
    public double MaskRate { get; set; }

    [Option("repeats", Default = 3, HelpText = "Timed runs per method and length (with --batch-sizes: passes over every record per batch size); the median is reported.")]
    public int Repeats { get; set; }

    [Option("warmup", Default = 1, HelpText = "Untimed runs per method and length before the timed ones (with --batch-sizes: of one batch of records per batch size).")]
    public int Warmup { get; set; }

    [Option("warmup-tokens", Default = JitWarmup.DefaultTokens, HelpText = "Before anything is timed, decode with MARIA (untimed) until this many masked tokens are filled, so the timed runs see the JIT's optimised code (steady state); 0 skips it.")]
    public int WarmupTokens { get; set; }

    [Option("methods", HelpText = "Comma-separated methods: maria, nocache, mlm, ar (default all four). --batch-sizes times maria only.")]
    public string? Methods { get; set; }

    [Option("seed", Default = 0, HelpText = "Seed of the mask positions (the same masks for every method).")]
    public int Seed { get; set; }

    [Option("json", HelpText = "Also write the figures as JSON to this file (with --batch-sizes: one entry per batch size, with a hash of the fills and whether they equal batch 1's).")]
    public string? Json { get; set; }

    [Option("plot", HelpText = "Also draw tokens/s against input length on log-log axes (the paper's Figure 3), one line per method, to this .png or .svg file.")]
    public string? Plot { get; set; }

    [Option("threads", Default = 0, HelpText = "ONNX Runtime threads per call (0 = one per core).")]
    public int Threads { get; set; }

    [Option("ort-profile", HelpText = "Folder for ONNX Runtime's per-operator profile of this run (encoder_DATE.json, decoder_DATE.json, Chrome trace format; tools/bench/ort-profile.mjs sums them per operator). Recording slows every call.")]
    public string? OrtProfile { get; set; }

    [Option("workers", Default = 1, HelpText = "With --batch-sizes: batches decoded side by side at each batch size, each on a thread of its own with the cores split among them unless --threads is given (as maria infill --workers; default 1).")]
    public int Workers { get; set; } = 1;

    [Option("batch-invariant", HelpText = "Pad every decoder call to a multiple of 16 token rows so that an int8 or int4 package fills the same tokens at every batch size (see maria infill --fast-batching).")]
    public bool BatchInvariant { get; set; }

    [Option("device", Default = ExecutionDevice.Cpu, HelpText = "cpu or cuda (needs the CUDA build, -p:OnnxRuntimeFlavor=Cuda, and CUDA 13 + cuDNN 9; 'maria doctor' says what is missing).")]
    public ExecutionDevice Device { get; set; }

    public int Execute(CommandContext context)
    {
        if (!(MaskRate > 0 && MaskRate < 1))
        {
            throw new UsageException($"--mask-rate {MaskRate.ToString(CultureInfo.InvariantCulture)} is outside (0, 1); pass a fraction such as 0.5");
        }
        if (Repeats < 1 || Warmup < 0 || Threads < 0 || WarmupTokens < 0)
        {
            throw new UsageException($"--repeats must be at least 1 (got {Repeats}), --warmup, --warmup-tokens and --threads at least 0 (got {Warmup}, {WarmupTokens}, {Threads})");
        }
        // Before loading the package (a minute for a 7B one): a missing --data file is refused at once.
        JsonTextLines.CheckFile(Data);
        return BatchSizes is null ? RunLengths(context) : RunBatchSizes(context);
    }

    /// <summary>The per-length table: every method at every length.</summary>
    private int RunLengths(CommandContext context)
    {
        var methods = BenchMethod.Parse(Methods ?? "maria,nocache,mlm,ar");
        var lengths = ParseLengths(Lengths ?? "64,128,256,512");
        if (Records is not null)
        {
            throw new UsageException("--records counts the records of --batch-sizes; drop it or add --batch-sizes");
        }
        if (Workers != 1)
        {
            throw new UsageException("--workers splits the records of --batch-sizes among batches side by side; drop it or add --batch-sizes");
        }
        if (Plot is not null)
        {
            LineChart.CheckPath(Plot, "--plot");
        }

        using var model = MariaModel.Load(DefaultModelLocator.Resolve(Model), new MariaModelOptions(Device: Device, IntraOpThreads: Threads, BatchInvariant: BatchInvariant) { ProfileDirectory = OrtProfile });
        var baselines = model.Baselines;
        CheckFits(lengths, baselines.MaxTokens);
        var input = BenchInput.Read(Data, model.Tokenizer, model.Manifest.Vocabulary.SharedSize, lengths.Max());

        int warmedTokens = WarmUp(context, baselines, input.Tokens(lengths[0]), BenchInput.DrawMasks(lengths[0], MaskRate, Seed, 0));
        var report = new BenchReport(lengths, methods.Select(m => m.Name).ToList());
        foreach (int length in lengths)
        {
            var tokens = input.Tokens(length);
            var masks = BenchInput.DrawMasks(length, MaskRate, Seed, 0);
            foreach (var method in methods)
            {
                var rates = new List<double>(Repeats);
                var stepRates = new List<double>(Repeats);
                for (int run = 0; run < Warmup + Repeats; run++)
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    var clock = Stopwatch.StartNew();
                    var result = method.Run(baselines, tokens, masks, context.Cancellation);
                    double seconds = clock.Elapsed.TotalSeconds;
                    if (run >= Warmup)
                    {
                        rates.Add(result.TokenIds.Count / seconds);
                        stepRates.Add(result.DecodeStepsPerSecond);
                    }
                }
                double median = Median(rates);
                report.Add(method.Name, length, median);
                string steps = "";
                if (method.Name == "ar")
                {
                    // The prefill is compute-bound, the steps after it bandwidth-bound: reported apart, as llama-bench's pp / tg.
                    report.AddArSteps(length, Median(stepRates));
                    steps = string.Create(CultureInfo.InvariantCulture, $"; steps after the prefill alone: {Median(stepRates):F2} tokens/s");
                }
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"bench: length {length}, {masks.Length} masks, {method.Name}: {median:F1} tokens/s (median of {Repeats}){steps}"));
            }
        }

        report.WriteTable(context.Out);
        if (Json is not null)
        {
            AtomicFile.WriteStream(Json, stream => report.WriteJson(stream, Threads, new Dictionary<string, object>
            {
                ["model"] = model.Directory,
                ["data"] = Data,
                ["mask_rate"] = MaskRate,
                ["repeats"] = Repeats,
                ["warmup"] = Warmup,
                ["warmup_tokens"] = warmedTokens,
                ["seed"] = Seed,
            }));
            context.Error.WriteLine($"bench: wrote {Json}");
        }
        if (Plot is not null)
        {
            report.SavePlot(Plot, string.Create(CultureInfo.InvariantCulture,
                $"Throughput by input length at {MaskRate} masking ({Path.GetFileName(model.Directory.TrimEnd('/', '\\'))})"));
            context.Error.WriteLine($"bench: wrote {Plot}");
        }
        return ExitCodes.Success;
    }

    /// <summary>The batch-size table: the same records decoded with MARIA at every batch size, in this process.</summary>
    private int RunBatchSizes(CommandContext context)
    {
        var sizes = Bench.BatchSizes.Parse(BatchSizes!);
        if (Methods is not null && Methods.Trim() != "maria")
        {
            throw new UsageException($"--batch-sizes times MARIA decoding only; drop --methods {Methods}");
        }
        if (Plot is not null)
        {
            throw new UsageException("--plot draws the per-length figure; drop it with --batch-sizes (the JSON holds every figure)");
        }
        if (Records is < 1)
        {
            throw new UsageException($"--records {Records}: give 1 or more records to decode");
        }
        var lengths = ParseLengths(Lengths ?? "512");
        if (lengths.Count != 1)
        {
            throw new UsageException($"--lengths {Lengths}: --batch-sizes generates records of one length; pass one, e.g. --lengths 512");
        }
        int length = lengths[0];
        if (Workers < 1)
        {
            throw new UsageException($"--workers {Workers}: give 1 or more batches to decode side by side");
        }

        using var model = MariaModel.Load(DefaultModelLocator.Resolve(Model),
            new MariaModelOptions(Device: Device, IntraOpThreads: Threads, BatchInvariant: BatchInvariant) { ProfileDirectory = OrtProfile, Workers = Workers });
        var records = BenchRecords.Load(model, Data, Records, length, MaskRate, Seed);
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench: {records.Records.Count} {records.Source} ({records.Tokens} tokens, {records.MaskedTokens} masked) at batch sizes {string.Join(',', sizes)}"));

        var first = records.Records[0];
        int warmedTokens = WarmUp(context, model.Baselines, [.. first.Tokens], [.. first.Masks]);
        var rows = BatchBench.Run(model.Baselines, records, sizes, Repeats, Warmup, context.Error, context.Cancellation);
        BatchBenchReport.WriteTable(context.Out, rows);
        if (Json is not null)
        {
            var settings = new Dictionary<string, object>
            {
                ["model"] = model.Directory,
                ["data"] = Data,
                ["repeats"] = Repeats,
                ["warmup"] = Warmup,
                ["warmup_tokens"] = warmedTokens,
                ["workers"] = Workers,
            };
            if (records.Generated)
            {
                settings["length"] = length;
                settings["mask_rate"] = MaskRate;
                settings["seed"] = Seed;
            }
            AtomicFile.WriteStream(Json, stream => BatchBenchReport.WriteJson(stream, rows, records, Threads, settings));
            context.Error.WriteLine($"bench: wrote {Json}");
        }
        return ExitCodes.Success;
    }

    /// <summary>The untimed JIT warm-up (<see cref="JitWarmup"/>); returns the tokens it filled.</summary>
    private int WarmUp(CommandContext context, MariaBaselines baselines, int[] tokens, int[] masks)
    {
        if (WarmupTokens == 0)
        {
            return 0;
        }
        var (filled, elapsed) = JitWarmup.Run(baselines, tokens, masks, WarmupTokens, context.Cancellation);
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench: warm-up filled {filled} tokens in {elapsed.TotalSeconds:F1} s (untimed)"));
        return filled;
    }

    /// <summary>Refuses a length above the package's context (both streams must fit).</summary>
    internal static void CheckFits(IEnumerable<int> lengths, int maxTokens)
    {
        foreach (int length in lengths)
        {
            TextTokens.EnsureFits(length, maxTokens, $"--lengths {length}", "pass shorter lengths");
        }
    }

    private static List<int> ParseLengths(string list)
    {
        var lengths = new List<int>();
        foreach (string part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int length) || length < 1)
            {
                throw new UsageException($"--lengths: '{part}' is not a positive whole number of tokens; pass e.g. 64,128,256");
            }
            if (!lengths.Contains(length))
            {
                lengths.Add(length);
            }
        }
        if (lengths.Count == 0)
        {
            throw new UsageException("--lengths: no length given; pass e.g. 64,128,256");
        }
        return lengths;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
