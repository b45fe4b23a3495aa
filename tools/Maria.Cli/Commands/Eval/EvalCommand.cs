using System.Diagnostics;
using System.Globalization;
using CommandLine;
using Maria.Cli.Models;
using Maria.Cli.Plotting;
using Maria.Cli.Reporting;
using Maria.Export.Files;
using Maria.Runtime;
using Maria.Runtime.Baselines;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Eval;

/// <summary>
/// <c>maria eval</c>: masked perplexity by masking rate (the paper's Table 2, maria-method.md §6) for MARIA, the
/// untrained product-of-experts head, the causal model alone and the masked LM decoded left to right, every method
/// scored exactly on the very same windows and masks.
/// </summary>
[Verb("eval", HelpText = "Masked perplexity by masking rate (paper's Table 2) of maria, product, ar and mlm on identical masks, plus bits per byte = total NLL / ln 2 / UTF-8 bytes of the masked tokens (each masked token's own decoded bytes, summed).")]
internal sealed class EvalCommand : ICommand
{
    [Option("model", HelpText = "Package directory (with maria.json). Default: the embedded models/maria-tiny.")]
    public string? Model { get; set; }

    [Option("data", Required = true, HelpText = "JSON lines with a string \"text\" (e.g. data/sotu/validation.jsonl); each text is cut into consecutive windows. Reported per method and rate: masked perplexity = exp(total NLL / masked tokens) and bits per byte = total NLL / ln 2 / UTF-8 bytes of the masked tokens (each masked token's own decoded bytes, summed).")]
    public string Data { get; set; } = "";

    [Option("mask-rates", Default = "0.1,0.3,0.5,0.7,0.9", HelpText = "Comma-separated masking rates in (0, 1); a window of n tokens gets max(1, round(rate * n)) masks.")]
    public string MaskRates { get; set; } = "";

    [Option("methods", Default = "maria,product,ar,mlm", HelpText = "Comma-separated methods: maria (package head), product (untrained product of experts), ar (causal model alone), mlm (masked LM left to right: one encoder pass per masked token).")]
    public string Methods { get; set; } = "";

    [Option("context", HelpText = "Window length in tokens, 2 to the package's limit (default: the limit, where both models' streams fit).")]
    public int? Context { get; set; }

    [Option("max-tokens", HelpText = "Read at most this many tokens, in whole windows in file order (default: the whole file).")]
    public int? MaxTokens { get; set; }

    [Option("seed", Default = 0, HelpText = "Seed of the masks; they depend only on (seed, rate, window index), so every method and every rerun sees the same masks.")]
    public int Seed { get; set; }

    [Option("json", HelpText = "Also write the results as JSON to this file.")]
    public string? Json { get; set; }

    [Option("plot", HelpText = "Also draw perplexity against masking rate (log scale), one line per method, to this .png or .svg file.")]
    public string? Plot { get; set; }

    [Option("threads", Default = 0, HelpText = "ONNX Runtime threads per call (0 = one per core).")]
    public int Threads { get; set; }

    [Option("batch-size", Default = 1, HelpText = "Windows scored together by maria, product and ar (one encoder and one decoder call per group, one cache slot per window); the figures do not depend on it beyond float rounding. mlm always runs one encoder pass per mask.")]
    // Default 1, measured: a teacher-forced window already fills each call with hundreds of token rows, so on the
    // 2-core CPU grouping windows only added padding and memory (eval --methods ar, 1024-token windows: 3.1-3.5 s and
    // 0.24 GB at 1 against 7.3 s and 0.9 GB at 8); a GPU build may want more.
    public int BatchSize { get; set; } = 1;

    [Option("device", Default = ExecutionDevice.Cpu, HelpText = "cpu or cuda (needs the CUDA build, -p:OnnxRuntimeFlavor=Cuda, and CUDA 13 + cuDNN 9; 'maria doctor' says what is missing).")]
    public ExecutionDevice Device { get; set; }

    public int Execute(CommandContext context)
    {
        var methods = EvalMethod.Parse(Methods);
        var rates = ParseRates(MaskRates);
        if (Context is < 2)
        {
            throw new UsageException($"--context {Context} is too small; a window needs at least 2 tokens");
        }
        if (MaxTokens is < 1 || Threads < 0)
        {
            throw new UsageException($"--max-tokens must be at least 1 (got {MaxTokens}) and --threads at least 0 (got {Threads})");
        }
        if (BatchSize < 1)
        {
            throw new UsageException($"--batch-size {BatchSize}: give 1 or more windows to score together");
        }
        if (Plot is not null)
        {
            LineChart.CheckPath(Plot, "--plot");
        }

        using var model = MariaModel.Load(DefaultModelLocator.Resolve(Model), new MariaModelOptions(Device: Device, IntraOpThreads: Threads));
        var baselines = model.Baselines;
        int window = Context ?? baselines.MaxTokens;
        if (window > baselines.MaxTokens)
        {
            throw new UsageException($"--context {window} is above the package's limit of {baselines.MaxTokens} text tokens (both models' streams must fit); pass at most {baselines.MaxTokens}");
        }
        var corpus = EvalCorpus.Read(Data, model.Tokenizer, model.Manifest.Vocabulary.SharedSize, window, MaxTokens ?? int.MaxValue);
        context.Error.WriteLine($"eval: {corpus.Windows.Count} windows of at most {window} tokens, {corpus.TotalTokens} tokens from {corpus.Texts} texts of {Data}");
        if (corpus.Capped)
        {
            context.Error.WriteLine($"eval: --max-tokens {MaxTokens} stopped the reading after {corpus.TotalTokens} tokens (whole windows); the rest of {Data} is not scored");
        }

        var report = Evaluate(model, new MaskedTokenBytes(model.Tokenizer), corpus, rates, methods, context);
        report.WriteTable(context.Out);
        if (Json is not null)
        {
            AtomicFile.WriteStream(Json, stream => report.WriteJson(stream, Settings(model, corpus, window)));
            context.Error.WriteLine($"eval: wrote {Json}");
        }
        if (Plot is not null)
        {
            var series = methods.Select(m => new ChartSeries(m.Name, rates, rates.Select(r => report[m.Name, r].Perplexity).ToArray())).ToList();
            LineChart.Save(Plot, $"Masked perplexity by masking rate ({Path.GetFileName(model.Directory.TrimEnd('/', '\\'))})",
                "masking rate", "masked perplexity", series, logX: false, logY: true);
            context.Error.WriteLine($"eval: wrote {Plot}");
        }
        return ExitCodes.Success;
    }

    /// <summary>Scores every method on every window at every rate; the masks of a (rate, window) are drawn once and shared.</summary>
    private EvalReport Evaluate(MariaModel model, MaskedTokenBytes bytes, EvalCorpus corpus,
        IReadOnlyList<double> rates, IReadOnlyList<EvalMethod> methods, CommandContext context)
    {
        var report = new EvalReport(rates, methods.Select(m => m.Name).ToList());
        foreach (double rate in rates)
        {
            var masks = corpus.Windows.Select((w, index) => EvalMasks.Draw(w.Length, rate, Seed, index)).ToArray();
            var maskedBytes = corpus.Windows.Select((w, index) => bytes.Count(w, masks[index])).ToArray();
            var windows = corpus.Windows.Select((w, index) => new MaskedTokens(w, masks[index])).ToArray();
            foreach (var method in methods)
            {
                var clock = Stopwatch.StartNew();
                var tally = report[method.Name, rate];
                // Tallied in window order whatever the group size, so the sums add up in the same order.
                for (int start = 0; start < windows.Length; start += BatchSize)
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    var group = windows[start..Math.Min(windows.Length, start + BatchSize)];
                    var scores = method.Score(model, group, context.Cancellation);
                    for (int k = 0; k < group.Length; k++)
                    {
                        tally.Add(scores[k], maskedBytes[start + k]);
                    }
                }
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"eval: rate {rate}, {method.Name}: perplexity {tally.Perplexity:F2}, {tally.BitsPerByte:F3} bits/byte over {tally.Tokens} masked tokens ({clock.Elapsed.TotalSeconds:F1} s)"));
            }
        }
        return report;
    }

    private Dictionary<string, object?> Settings(MariaModel model, EvalCorpus corpus, int window) => new()
    {
        ["model"] = model.Directory,
        ["head"] = model.Manifest.Head.Kind,
        ["data"] = Data,
        ["seed"] = Seed,
        ["context"] = window,
        ["max_tokens"] = MaxTokens,
        ["batch_size"] = BatchSize,
        ["windows"] = corpus.Windows.Count,
        ["total_tokens"] = corpus.TotalTokens,
        ["bpb_definition"] = "total NLL (nats) / ln 2 / UTF-8 bytes of the masked tokens (each token's own bytes)",
        ["date"] = MachineDescription.UtcNow(),
        ["machine"] = MachineDescription.Describe(Threads),
    };

    /// <summary>Parses comma-separated rates, each strictly between 0 and 1; sorted ascending, duplicates dropped.</summary>
    internal static IReadOnlyList<double> ParseRates(string list)
    {
        var rates = new SortedSet<double>();
        foreach (string part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate))
            {
                throw new UsageException($"--mask-rates: '{part}' is not a number; pass fractions such as 0.1,0.5,0.9");
            }
            if (!(rate > 0 && rate < 1))
            {
                throw new UsageException($"--mask-rates: {part} is outside (0, 1); pass fractions strictly between 0 and 1, such as 0.1,0.5,0.9");
            }
            rates.Add(rate);
        }
        if (rates.Count == 0)
        {
            throw new UsageException("--mask-rates: no rate given; pass fractions such as 0.1,0.5,0.9");
        }
        return [.. rates];
    }
}
