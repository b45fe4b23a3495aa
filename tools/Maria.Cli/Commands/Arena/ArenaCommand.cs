using System.Diagnostics;
using System.Globalization;
using CommandLine;
using Maria.Cli.Inputs;
using Maria.Cli.Models;
using Maria.Cli.Plotting;
using Maria.Runtime;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Arena;

/// <summary>
/// <c>maria arena</c>: the paper's Figure 4 question with measurable judges - held-out windows with half their words
/// masked, filled greedily by MARIA, the untrained product head, the MLM decoded left to right and the causal model
/// alone; each filled text (and the true one) judged pairwise per window by an independent causal scorer and by token
/// accuracy; Bradley-Terry ratings per judge.
/// </summary>
[Verb("arena", HelpText = "Compare infill quality (the paper's Figure 4): fill held-out windows with half their words masked by each method, judge pairs per window with an independent scorer package's likelihood and with token accuracy, and fit Bradley-Terry (Elo-scale) ratings with the true text as a contestant.")]
internal sealed class ArenaCommand : ICommand
{
    [Option("model", HelpText = "Package whose methods fill the masks. Default: the embedded models/maria-tiny.")]
    public string? Model { get; set; }

    [Option("scorer", Required = true, HelpText = "Package whose causal model judges the filled texts (none of the compared models: e.g. tools/bench/train-scorer.sh's); same tokenizer as --model.")]
    public string Scorer { get; set; } = "";

    [Option("data", Required = true, HelpText = "JSON lines {\"text\"} the windows are cut from (e.g. data/sotu/validation.jsonl; never the reserved years).")]
    public string Data { get; set; } = "";

    [Option("windows", Default = 200, HelpText = "Windows compared (evenly spaced over every window of the data).")]
    public int Windows { get; set; } = 200;

    [Option("length", Default = 64, HelpText = "Tokens per window.")]
    public int Length { get; set; } = 64;

    [Option("mask-rate", Default = 0.5, HelpText = "Fraction of each window's words masked (every token of a masked word).")]
    public double MaskRate { get; set; } = 0.5;

    [Option("seed", Default = 1, HelpText = "Seed of the word masks and of the bootstrap.")]
    public int Seed { get; set; } = 1;

    [Option("bootstrap", Default = 1000, HelpText = "Bootstrap resamples of the windows for the 95% rating intervals.")]
    public int Bootstrap { get; set; } = 1000;

    [Option("json", HelpText = "Write the ratings, per-window judgements and the filled texts as JSON.")]
    public string? Json { get; set; }

    [Option("plot", HelpText = "Draw the ratings with their intervals (PNG or SVG).")]
    public string? Plot { get; set; }

    [Option("threads", Default = 0, HelpText = "ONNX Runtime threads per call (0 = one per core).")]
    public int Threads { get; set; }

    public int Execute(CommandContext context)
    {
        if (Windows < 2 || Length < 4 || MaskRate is <= 0 or >= 1 || Bootstrap < 0)
        {
            throw new UsageException("--windows needs 2 or more, --length 4 or more tokens, --mask-rate a fraction in (0, 1), --bootstrap 0 or more");
        }
        if (Data.Split('/', '\\').Any(p => p.Equals("reserved", StringComparison.OrdinalIgnoreCase)))
        {
            throw new UsageException($"--data {Data}: the reserved years are for the final evaluation only; compare on data/sotu/validation.jsonl");
        }
        if (Plot is not null)
        {
            LineChart.CheckPath(Plot, "--plot");
        }
        var options = new MariaModelOptions(IntraOpThreads: Threads);
        using var model = MariaModel.Load(DefaultModelLocator.Resolve(Model), options);
        using var scorer = MariaModel.Load(DefaultModelLocator.Resolve(Scorer), options);
        if (!File.ReadAllBytes(Path.Combine(model.Directory, model.Manifest.Vocabulary.Tokenizer))
            .AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(scorer.Directory, scorer.Manifest.Vocabulary.Tokenizer))))
        {
            throw new UsageException($"--scorer {Scorer}: its tokenizer differs from the model's, so it cannot score the same token ids; export the scorer with the model's tokenizer");
        }
        var windows = ArenaWindow.Build(model.Tokenizer, JsonTextLines.Read(Data), Length, Windows, MaskRate, Seed);
        var clock = Stopwatch.StartNew();
        var judged = new List<ArenaJudgement>(windows.Count);
        var progress = new ProgressLine(context.Error, ProgressLine.IsTerminal(context.Error));
        foreach (var window in windows)
        {
            judged.Add(ArenaJudgement.Judge(model, scorer, window, context.Cancellation));
            progress.Report(judged.Count, windows.Count,
                string.Create(CultureInfo.InvariantCulture, $"progress: {judged.Count}/{windows.Count} windows ({clock.Elapsed:hh\\:mm\\:ss})"),
                clock.Elapsed, line: judged.Count % 20 == 0 || judged.Count == windows.Count);
        }
        var report = ArenaReport.Build(judged, Bootstrap, Seed);
        report.WriteTable(context.Out, Windows, Length, MaskRate);
        if (Json is not null)
        {
            report.WriteJson(Json, judged, model, scorer, Windows, Length, MaskRate, Seed);
        }
        if (Plot is not null)
        {
            ArenaPlot.Save(Plot, report, Windows, MaskRate);
        }
        return ExitCodes.Success;
    }
}
