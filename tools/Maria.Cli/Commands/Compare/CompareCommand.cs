using System.Globalization;
using CommandLine;
using Maria.Cli.Commands.Bench;
using Maria.Runtime;
using Maria.Runtime.Baselines;
using Maria.Runtime.Masking;
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

    [Option("batch-size", Default = 1, HelpText = "Windows scored together (one encoder and one decoder call per group and package, one cache slot per window); the figures do not depend on it beyond float rounding.")]
    // Default 1, measured: a teacher-forced window already fills each call with hundreds of token rows, so on the
    // 2-core CPU grouping windows only added padding and memory (eval --methods ar, 1024-token windows: 3.1-3.5 s and
    // 0.24 GB at 1 against 7.3 s and 0.9 GB at 8); a GPU build may want more.
    public int BatchSize { get; set; } = 1;

    [Option("device", Default = ExecutionDevice.Cpu, HelpText = "cpu or cuda (needs the CUDA build, -p:OnnxRuntimeFlavor=Cuda, and CUDA 13 + cuDNN 9; 'maria doctor' says what is missing).")]
    public ExecutionDevice Device { get; set; }

    public int Execute(CommandContext context)
    {
        if (MaskRate <= 0 || MaskRate >= 1 || Windows < 1 || Length < 2)
        {
            throw new UsageException("--mask-rate must be in (0, 1), --windows at least 1 and --length at least 2");
        }
        if (BatchSize < 1)
        {
            throw new UsageException($"--batch-size {BatchSize}: give 1 or more windows to score together");
        }
        using var reference = MariaModel.Load(Reference, new MariaModelOptions(Device: Device));
        using var candidate = MariaModel.Load(Candidate, new MariaModelOptions(Device: Device));
        if (reference.Manifest.Vocabulary.SharedSize != candidate.Manifest.Vocabulary.SharedSize)
        {
            throw new UsageException($"{Candidate}: its shared vocabulary ({candidate.Manifest.Vocabulary.SharedSize}) differs from {Reference}'s ({reference.Manifest.Vocabulary.SharedSize}); compare exports of the same backbones");
        }
        var input = BenchInput.Read(Data, reference.Tokenizer, reference.Manifest.Vocabulary.SharedSize, Windows * Length);
        var all = input.Tokens(Windows * Length);
        var windows = TextWindows.Consecutive(all, Length, minimumLength: Length)
            .Select((window, w) => new MaskedTokens(window, BenchInput.DrawMasks(Length, MaskRate, 0, w)))
            .ToArray();
        double sumReference = 0, sumCandidate = 0, sumDifference = 0, maxDifference = 0;
        long count = 0;
        for (int start = 0; start < windows.Length; start += BatchSize)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var group = windows[start..Math.Min(windows.Length, start + BatchSize)];
            // The package's own head: exactly ScoreTokens, for the whole group in one encoder and one decoder call.
            var a = reference.ScoreTokens(group, context.Cancellation).Select(r => r.LogProbabilities).ToArray();
            var b = candidate.ScoreTokens(group, context.Cancellation).Select(r => r.LogProbabilities).ToArray();
            for (int w = 0; w < group.Length; w++)
            {
                for (int k = 0; k < a[w].Count; k++)
                {
                    double difference = Math.Abs(a[w][k] - b[w][k]);
                    sumReference += a[w][k];
                    sumCandidate += b[w][k];
                    sumDifference += difference;
                    maxDifference = Math.Max(maxDifference, difference);
                }
                count += a[w].Count;
            }
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"compare: windows {start + 1}-{start + group.Length}/{Windows}, {group.Sum(g => g.Masks.Count)} masked tokens"));
        }
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"masked tokens            {count}"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean |log p difference|  {sumDifference / count:G4}"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"max |log p difference|   {maxDifference:G4}"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reference perplexity     {Math.Exp(-sumReference / count):F3}"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"candidate perplexity     {Math.Exp(-sumCandidate / count):F3}"));
        return ExitCodes.Success;
    }
}
