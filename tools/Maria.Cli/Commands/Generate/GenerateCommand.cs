using System.Globalization;
using CommandLine;
using Maria.Cli.Models;
using Maria.Export.Files;
using Maria.Runtime;
using Maria.Runtime.Generation;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Generate;

/// <summary>
/// <c>maria generate</c>: unconditional generation by simulated annealing (maria-method.md §7). With one
/// <c>--iterations</c> count it prints each sample; with a list (or <c>--report</c>/<c>--plot</c>) it runs the
/// Figure 5 sweep against plain and greedy AR decoding and prints a table.
/// </summary>
[Verb("generate", HelpText = "Generate text by simulated annealing: an AR draft at temperature 1, then K rounds of re-masking a fraction of it and refilling with MARIA at a falling temperature. A list of K (e.g. 0,1,2,4,8,16) runs the Figure 5 sweep.")]
internal sealed class GenerateCommand : ICommand
{
    [Option("model", HelpText = "Package directory (with maria.json). Default: the embedded models/maria-tiny.")]
    public string? Model { get; set; }

    [Option("length", Required = true, HelpText = "Tokens to generate after the prefix.")]
    public int Length { get; set; }

    [Option("iterations", Default = "0", HelpText = "Refinement iterations K (0 = plain AR sampling), or a comma-separated list for the sweep, e.g. 0,1,2,4,8,16.")]
    public string Iterations { get; set; } = "0";

    [Option("remask", Default = 0.3, HelpText = "Fraction of the generated tokens re-masked per iteration, in (0, 1].")]
    public double Remask { get; set; }

    [Option("schedule", Default = TemperatureSchedule.Linear, HelpText = "Temperature of iteration k of K: linear 1-k/K, cosine (1+cos(pi k/K))/2, constant 1.")]
    public TemperatureSchedule Schedule { get; set; }

    [Option("seed", Default = 0UL, HelpText = "Seed of sample 0; sample m uses seed+m. The same seed gives the same text.")]
    public ulong Seed { get; set; }

    [Option("prefix", HelpText = "Prompt text kept fixed at the start (never re-masked).")]
    public string? Prefix { get; set; }

    [Option("samples", Default = 1, HelpText = "Samples to generate (per iteration count in a sweep).")]
    public int Samples { get; set; }

    [Option("json", HelpText = "One JSON object per sample (seed, iterations, text, ar_log_likelihood, seconds, scorer_perplexity); in a sweep, the report as JSON instead of the table.")]
    public bool Json { get; set; }

    [Option("scorer", HelpText = "A second package (same tokenizer) whose causal model scores each sample: generative perplexity over the generated tokens.")]
    public string? Scorer { get; set; }

    [Option("report", HelpText = "Sweep: also write the table and every sample as JSON to this file.")]
    public string? Report { get; set; }

    [Option("plot", HelpText = "Sweep: draw scorer perplexity against seconds per sample to this .png or .svg file.")]
    public string? Plot { get; set; }

    [Option("threads", Default = 0, HelpText = "ONNX Runtime threads per call (0 = one per core).")]
    public int Threads { get; set; }

    [Option("device", Default = ExecutionDevice.Cpu, HelpText = "cpu or cuda (needs the CUDA build, -p:OnnxRuntimeFlavor=Cuda, and CUDA 13 + cuDNN 9; 'maria doctor' says what is missing).")]
    public ExecutionDevice Device { get; set; }

    public int Execute(CommandContext context)
    {
        var counts = IterationCounts.Parse(Iterations);
        var template = new GenerationOptions(Length, counts.Max(), Remask, Schedule, Seed, Prefix);
        template.Validate();
        if (Samples < 1 || Threads < 0)
        {
            throw new UsageException($"--samples must be at least 1 (got {Samples}) and --threads at least 0 (got {Threads})");
        }
        bool sweep = counts.Count > 1 || Report is not null || Plot is not null;
        if (sweep && Scorer is null)
        {
            throw new UsageException("a sweep (a list of --iterations, --report or --plot) measures perplexity under an external scorer; pass --scorer PKG (the model itself works for a smoke test)");
        }
        if (Plot is not null)
        {
            SweepPlot.CheckPath(Plot);
        }

        using var model = MariaModel.Load(DefaultModelLocator.Resolve(Model), new MariaModelOptions(Device: Device, IntraOpThreads: Threads));
        using var scorer = Scorer is null ? null : SampleScorer.Open(Scorer, model, Threads);
        var generator = new SampleGenerator(model, scorer, template);
        return sweep
            ? RunSweep(context, model, scorer!, generator, counts)
            : RunSamples(context, generator, counts[0]);
    }

    private int RunSamples(CommandContext context, SampleGenerator generator, int iterations)
    {
        for (int m = 0; m < Samples; m++)
        {
            ulong seed = unchecked(Seed + (ulong)m);
            var (sample, cancelled) = generator.Anneal(iterations, seed, iteration => context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"generate: sample {m + 1}/{Samples}, iteration {iteration.Index}/{iterations}, T={iteration.Temperature:F3}: own ppl {iteration.ArPerplexity:F2}, {iteration.Elapsed.TotalSeconds:F2} s")),
                context.Cancellation);
            context.Out.WriteLine(Json ? SampleJson.Line(sample, cancelled) : sample.Text);
            if (cancelled)
            {
                context.Error.WriteLine($"cancelled after iteration {sample.Iterations} of {iterations}; printed the last complete text");
                return ExitCodes.Cancelled;
            }
        }
        return ExitCodes.Success;
    }

    private int RunSweep(CommandContext context, MariaModel model, SampleScorer scorer, SampleGenerator generator, IReadOnlyList<int> counts)
    {
        var samples = SweepRunner.Run(generator, counts, Samples, Seed, context.Error, context.Cancellation);
        var report = new SweepReport(samples, new Dictionary<string, object?>
        {
            ["model"] = model.Directory,
            ["scorer"] = scorer.Directory,
            ["length"] = Length,
            ["prefix"] = Prefix,
            ["remask"] = Remask,
            ["schedule"] = Schedule.ToString().ToLowerInvariant(),
            ["seed"] = Seed,
            ["samples"] = Samples,
            ["threads"] = Threads,
        });
        if (Json)
        {
            using var stdout = new MemoryStream();
            report.WriteJson(stdout);
            context.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
        }
        else
        {
            report.WriteTable(context.Out);
        }
        if (Report is not null)
        {
            AtomicFile.WriteStream(Report, report.WriteJson);
            context.Error.WriteLine($"generate: wrote {Report}");
        }
        if (Plot is not null)
        {
            SweepPlot.Save(Plot, report.Rows, string.Create(CultureInfo.InvariantCulture, $"Generative perplexity vs time ({Length} tokens, {Samples} samples per point)"));
            context.Error.WriteLine($"generate: wrote {Plot}");
        }
        return ExitCodes.Success;
    }
}
