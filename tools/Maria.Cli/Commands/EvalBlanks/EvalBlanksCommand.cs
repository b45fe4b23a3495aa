using System.Diagnostics;
using CommandLine;
using Maria.Cli.Inputs;
using Maria.Cli.Models;
using Maria.Runtime;
using Maria.Runtime.Blanks;
using Maria.Runtime.Infilling;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.EvalBlanks;

/// <summary>
/// <c>maria eval-blanks</c>: blanks of unknown length on held-out text (docs/BLANKS.md). From windows of a JSON-lines
/// file (the validation split) one word, and separately a 1-4-word phrase, is removed and replaced by [WORD] / [BLANK];
/// each proposer fills the same blanks, and the table gives exact match, length accuracy, tokens chosen against the
/// true count, and the true span's rank among the candidates the search scored.
/// </summary>
[Verb("eval-blanks", HelpText = "Blanks of unknown length on held-out windows: a word ([WORD]) or a 1-4-word phrase ([BLANK]) removed per window, filled by each proposer (maria, fixed-1, ar, oracle, oracle-mask); exact match, length accuracy, tokens chosen vs true, true span's rank.")]
internal sealed class EvalBlanksCommand : ICommand
{
    [Option("model", HelpText = "Package directory (with maria.json). Default: the embedded models/maria-tiny.")]
    public string? Model { get; set; }

    [Option("data", Required = true, HelpText = "JSON lines with a string \"text\" (use data/sotu/validation.jsonl; the reserved years stay untouched).")]
    public string Data { get; set; } = "";

    [Option("windows", Default = 200, HelpText = "Windows evaluated, spread evenly over all windows of the file.")]
    public int Windows { get; set; } = 200;

    [Option("window-words", Default = 64, HelpText = "Words (whitespace-separated) per window.")]
    public int WindowWords { get; set; } = 64;

    [Option("kinds", Default = "word,phrase", HelpText = "Blank kinds: word ([WORD], one letters-only word removed), phrase ([BLANK], 1-4 words removed).")]
    public string Kinds { get; set; } = "word,phrase";

    [Option("proposers", Default = "maria,fixed-1,ar,oracle,oracle-mask", HelpText = "maria (the method), fixed-1 (length 1), ar (the causal model proposes), oracle (the true length, same constraints), oracle-mask (the true length as plain [MASK]s).")]
    public string Proposers { get; set; } = "";

    [Option("max-blank-tokens", Default = BlankOptions.DefaultMaxTokens, HelpText = "Longest candidate fill N.")]
    public int MaxBlankTokens { get; set; } = BlankOptions.DefaultMaxTokens;

    [Option("blank-beam", Default = 2, HelpText = "Beam width of the search.")]
    public int BlankBeam { get; set; } = 2;

    [Option("blank-first-tokens", Default = 1, HelpText = "MARIA candidates per length: the K best first tokens, each continued greedily.")]
    public int FirstTokens { get; set; } = 1;

    [Option("scoring", Default = "causal-joint", HelpText = "causal-joint (the causal model's joint likelihood of the completed text) or maria-plus-suffix.")]
    public string Scoring { get; set; } = "causal-joint";

    [Option("seed", Default = 0, HelpText = "Seed of the removed spans (per window; every proposer sees the same blanks).")]
    public int Seed { get; set; }

    [Option("json", HelpText = "Also write the table as JSON to this file.")]
    public string? Json { get; set; }

    [Option("threads", Default = 0, HelpText = "ONNX Runtime threads per call (0 = one per core).")]
    public int Threads { get; set; }

    public int Execute(CommandContext context)
    {
        var proposers = BlankEvalProposer.Parse(Proposers);
        var kinds = ParseKinds(Kinds);
        var scoring = Scoring switch
        {
            "causal-joint" => BlankScoring.CausalJoint,
            "maria-plus-suffix" => BlankScoring.MariaPlusSuffix,
            _ => throw new UsageException($"--scoring {Scoring}: choose causal-joint or maria-plus-suffix"),
        };
        new BlankOptions(MaxBlankTokens, BlankBeam, FirstTokenAlternatives: FirstTokens).Validate();
        if (Windows < 1 || WindowWords < 2)
        {
            throw new UsageException($"--windows must be at least 1 (got {Windows}) and --window-words at least 2 (got {WindowWords})");
        }
        using var model = MariaModel.Load(DefaultModelLocator.Resolve(Model), new MariaModelOptions(IntraOpThreads: Threads));
        var texts = JsonTextLines.Read(Data).ToList();
        var report = new BlankEvalReport();
        var clock = Stopwatch.StartNew();
        foreach (var kind in kinds)
        {
            var blanks = HeldOutBlank.Draw(texts, WindowWords, Windows, kind, Seed);
            int done = 0;
            foreach (var blank in blanks)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                var truth = BlankTruth.Of(model, blank);
                if (truth is null)
                {
                    report.Skipped(kind);
                    continue;
                }
                double trueScore = truth.Score(model, scoring);
                foreach (string proposer in proposers)
                {
                    var (fill, chosen, alternatives, time) = Fill(model, blank, truth, proposer, scoring, context.Cancellation);
                    int rank = alternatives is null ? 0 : 1 + alternatives.Count(a => a.Score > trueScore + 1e-4);
                    report[kind, proposer].Add(fill == truth.SpanText, chosen, truth.Length, rank, time);
                }
                if (++done % 25 == 0)
                {
                    context.Error.WriteLine($"{kind.ToString().ToLowerInvariant()}: {done}/{blanks.Count} blanks, {clock.Elapsed.TotalSeconds:F0} s");
                }
            }
        }
        report.WriteTable(context.Out, proposers, kinds);
        if (Json is not null)
        {
            report.WriteJson(Json, proposers, kinds, new Dictionary<string, object>
            {
                ["data"] = Data, ["windows"] = Windows, ["window_words"] = WindowWords, ["max_blank_tokens"] = MaxBlankTokens,
                ["blank_beam"] = BlankBeam, ["blank_first_tokens"] = FirstTokens, ["scoring"] = Scoring, ["seed"] = Seed,
            });
        }
        return ExitCodes.Success;
    }

    private (string Fill, int Chosen, IReadOnlyList<BlankCandidate>? Alternatives, TimeSpan Time) Fill(
        MariaModel model, HeldOutBlank blank, BlankTruth truth, string proposer, BlankScoring scoring, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        if (proposer == BlankEvalProposer.OracleMasks)
        {
            var masked = model.Infill(blank.Masked(string.Concat(Enumerable.Repeat("[MASK]", truth.Length))), cancellation: cancellation);
            return (model.Tokenizer.Decode(masked.Tokens.Select(t => t.TokenId)), masked.Tokens.Count, null, clock.Elapsed);
        }
        var options = new BlankOptions(MaxBlankTokens, BlankBeam, Scoring: scoring, FirstTokenAlternatives: FirstTokens) switch
        {
            var o when proposer == BlankEvalProposer.FixedOne => o with { FixedLength = 1 },
            var o when proposer == BlankEvalProposer.Oracle => o with { FixedLength = truth.Length },
            var o when proposer == BlankEvalProposer.Causal => o with { Proposer = BlankProposer.CausalModel },
            var o => o,
        };
        string marker = blank.Kind == BlankKind.Word ? "[WORD]" : "[BLANK]";
        var result = model.Infill(blank.Masked(marker), new InfillOptions { Blanks = options }, cancellation);
        var filled = result.Blanks.Single();
        return (filled.Text, filled.Tokens.Count, filled.Alternatives, clock.Elapsed);
    }

    private static IReadOnlyList<BlankKind> ParseKinds(string list)
    {
        var kinds = new List<BlankKind>();
        foreach (string name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            kinds.Add(name switch
            {
                "word" => BlankKind.Word,
                "phrase" => BlankKind.Phrase,
                _ => throw new UsageException($"--kinds: unknown kind '{name}'; choose word, phrase or both"),
            });
        }
        return kinds.Count > 0 ? kinds : throw new UsageException("--kinds is empty; choose word, phrase or both");
    }
}
