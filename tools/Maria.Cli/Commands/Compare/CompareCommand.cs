using System.Globalization;
using CommandLine;
using Maria.Cli.Commands.Bench;
using Maria.Runtime;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Compare;

/// <summary>
/// <c>maria compare</c>: the accuracy cost of a package against a reference package of the same backbones (e.g. int8
/// or fp16 weights against fp32): on identical windows and masks, the exact log p of every masked token under both,
/// their mean and largest absolute difference, and each package's masked perplexity.
/// </summary>
[Verb("compare", HelpText = "Accuracy of a package against a reference package (same backbones, other weights): mean and max |log p difference| on masked tokens and both masked perplexities, on identical windows and masks.")]
internal sealed class CompareCommand : ICommand
{
    [Option("reference", Required = true, HelpText = "Reference package directory (e.g. the fp32 export).")]
    public string Reference { get; set; } = "";

    [Option("candidate", Required = true, HelpText = "Package to compare (e.g. the int8 export).")]
    public string Candidate { get; set; } = "";

    [Option("data", Default = "data/sotu/validation.jsonl", HelpText = "JSON-lines texts; consecutive windows are cut from them.")]
    public string Data { get; set; } = "";

    [Option("windows", Default = 8, HelpText = "Number of windows.")]
    public int Windows { get; set; }

    [Option("length", Default = 512, HelpText = "Tokens per window.")]
    public int Length { get; set; }

    [Option("mask-rate", Default = 0.5, HelpText = "Fraction of each window's positions masked (uniform, seeded by the window index).")]
    public double MaskRate { get; set; }

    public int Execute(CommandContext context)
    {
        if (MaskRate <= 0 || MaskRate >= 1 || Windows < 1 || Length < 2)
        {
            throw new MariaInputException("--mask-rate must be in (0, 1), --windows at least 1 and --length at least 2");
        }
        using var reference = MariaModel.Load(Reference);
        using var candidate = MariaModel.Load(Candidate);
        if (reference.Manifest.Vocabulary.SharedSize != candidate.Manifest.Vocabulary.SharedSize)
        {
            throw new MariaInputException($"{Candidate}: its shared vocabulary ({candidate.Manifest.Vocabulary.SharedSize}) differs from {Reference}'s ({reference.Manifest.Vocabulary.SharedSize}); compare exports of the same backbones");
        }
        var input = BenchInput.Read(Data, reference.Tokenizer, reference.Manifest.Vocabulary.SharedSize, Windows * Length);
        var all = input.Tokens(Windows * Length);
        double sumReference = 0, sumCandidate = 0, sumDifference = 0, maxDifference = 0;
        long count = 0;
        for (int w = 0; w < Windows; w++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var tokens = all[(w * Length)..((w + 1) * Length)];
            var masks = BenchInput.DrawMasks(Length, MaskRate, w);
            var a = reference.ScoreTokens(tokens, masks, context.Cancellation).LogProbabilities;
            var b = candidate.ScoreTokens(tokens, masks, context.Cancellation).LogProbabilities;
            for (int k = 0; k < a.Count; k++)
            {
                double difference = Math.Abs(a[k] - b[k]);
                sumReference += a[k];
                sumCandidate += b[k];
                sumDifference += difference;
                maxDifference = Math.Max(maxDifference, difference);
            }
            count += a.Count;
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compare: window {w + 1}/{Windows}, {a.Count} masked tokens"));
        }
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"masked tokens            {count}"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean |log p difference|  {sumDifference / count:G4}"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"max |log p difference|   {maxDifference:G4}"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reference perplexity     {Math.Exp(-sumReference / count):F3}"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"candidate perplexity     {Math.Exp(-sumCandidate / count):F3}"));
        return ExitCodes.Success;
    }
}
