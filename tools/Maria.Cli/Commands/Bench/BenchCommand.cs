using System.Diagnostics;
using System.Globalization;
using CommandLine;
using Maria.Cli.Models;
using Maria.Cli.Plotting;
using Maria.Cli.Reporting;
using Maria.Runtime;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Bench;

/// <summary>
/// <c>maria bench</c>: tokens filled per second by input length for KV-cached MARIA, MARIA without cache, the MLM
/// decoded left to right, and plain autoregressive generation, all on the same tokens and masks. It prints figures;
/// it is never a timed test.
/// </summary>
[Verb("bench", HelpText = "Throughput by input length (median tokens filled per second) of MARIA with and without KV cache, the MLM left to right, and plain AR generation, on the same inputs and masks.")]
internal sealed class BenchCommand : ICommand
{
    [Option("model", HelpText = "Package directory (with maria.json). Default: the embedded models/maria-tiny.")]
    public string? Model { get; set; }

    [Option("data", Default = "data/sotu/validation.jsonl", HelpText = "JSON lines {\"text\": ...}; inputs are cut from their tokens in file order.")]
    public string Data { get; set; } = "";

    [Option("lengths", Default = "64,128,256,512", HelpText = "Comma-separated input lengths in tokens.")]
    public string Lengths { get; set; } = "";

    [Option("mask-rate", Default = 0.5, HelpText = "Fraction of the input's tokens masked, in (0, 1): round(rate * length) positions.")]
    public double MaskRate { get; set; }

    [Option("repeats", Default = 3, HelpText = "Timed runs per method and length; the median is reported.")]
    public int Repeats { get; set; }

    [Option("warmup", Default = 1, HelpText = "Untimed runs per method and length before the timed ones.")]
    public int Warmup { get; set; }

    [Option("methods", Default = "maria,nocache,mlm,ar", HelpText = "Comma-separated methods: maria, nocache, mlm, ar.")]
    public string Methods { get; set; } = "";

    [Option("seed", Default = 0, HelpText = "Seed of the mask positions (the same masks for every method).")]
    public int Seed { get; set; }

    [Option("json", HelpText = "Also write the figures as JSON to this file.")]
    public string? Json { get; set; }

    [Option("plot", HelpText = "Also draw tokens/s against input length on log-log axes (the paper's Figure 3), one line per method, to this .png or .svg file.")]
    public string? Plot { get; set; }

    [Option("threads", Default = 0, HelpText = "ONNX Runtime threads per call (0 = one per core).")]
    public int Threads { get; set; }

    public int Execute(CommandContext context)
    {
        var methods = BenchMethod.Parse(Methods);
        var lengths = ParseLengths(Lengths);
        if (!(MaskRate > 0 && MaskRate < 1))
        {
            throw new MariaInputException($"--mask-rate {MaskRate.ToString(CultureInfo.InvariantCulture)} is outside (0, 1); pass a fraction such as 0.5");
        }
        if (Repeats < 1 || Warmup < 0 || Threads < 0)
        {
            throw new MariaInputException($"--repeats must be at least 1 (got {Repeats}), --warmup and --threads at least 0 (got {Warmup}, {Threads})");
        }
        if (Plot is not null)
        {
            LineChart.CheckPath(Plot, "--plot");
        }
        foreach (int length in lengths.Where(l => (int)Math.Round(MaskRate * l, MidpointRounding.AwayFromZero) == 0))
        {
            throw new MariaInputException($"--lengths {length} with --mask-rate {MaskRate.ToString(CultureInfo.InvariantCulture)} masks no token; pass a longer length or a higher rate");
        }

        using var model = MariaModel.Load(DefaultModelLocator.Resolve(Model), new MariaModelOptions(IntraOpThreads: Threads));
        var baselines = model.Baselines;
        int tooLong = lengths.FirstOrDefault(l => l > baselines.MaxTokens);
        if (tooLong > 0)
        {
            throw new MariaInputException($"--lengths {tooLong} is above the package's context ({baselines.MaxTokens} text tokens at most); pass shorter lengths");
        }
        var input = BenchInput.Read(Data, model.Tokenizer, model.Manifest.Vocabulary.SharedSize, lengths.Max());

        var report = new BenchReport(lengths, methods.Select(m => m.Name).ToList());
        foreach (int length in lengths)
        {
            var tokens = input.Tokens(length);
            var masks = BenchInput.DrawMasks(length, MaskRate, Seed);
            foreach (var method in methods)
            {
                var rates = new List<double>(Repeats);
                for (int run = 0; run < Warmup + Repeats; run++)
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    var clock = Stopwatch.StartNew();
                    var result = method.Run(baselines, tokens, masks, context.Cancellation);
                    double seconds = clock.Elapsed.TotalSeconds;
                    if (run >= Warmup)
                    {
                        rates.Add(result.TokenIds.Count / seconds);
                    }
                }
                double median = Median(rates);
                report.Add(method.Name, length, median);
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"bench: length {length}, {masks.Length} masks, {method.Name}: {median:F1} tokens/s (median of {Repeats})"));
            }
        }

        report.WriteTable(context.Out);
        if (Json is not null)
        {
            OutputFile.WriteStream(Json, stream => report.WriteJson(stream, Threads, new Dictionary<string, object>
            {
                ["model"] = model.Directory,
                ["data"] = Data,
                ["mask_rate"] = MaskRate,
                ["repeats"] = Repeats,
                ["warmup"] = Warmup,
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

    private static List<int> ParseLengths(string list)
    {
        var lengths = new List<int>();
        foreach (string part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int length) || length < 1)
            {
                throw new MariaInputException($"--lengths: '{part}' is not a positive whole number of tokens; pass e.g. 64,128,256");
            }
            if (!lengths.Contains(length))
            {
                lengths.Add(length);
            }
        }
        if (lengths.Count == 0)
        {
            throw new MariaInputException("--lengths: no length given; pass e.g. 64,128,256");
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
