using System.Diagnostics;
using System.Globalization;
using CommandLine;
using Maria.Runtime;
using Maria.Runtime.Scoring;
using Maria.Tools.Common;
using Maria.Training.Data;
using Maria.Training.HeadTraining;
using TorchSharp;

namespace Maria.Training.Commands.Head;

/// <summary>
/// <c>maria-train head</c>: trains the MARIA head (maria-method.md §4) on features computed by the package's own ONNX
/// graphs, validates on fixed masks, checkpoints for exact resume, and writes HEAD.safetensors (<c>weight</c>
/// [V_s, d_ar + d_mlm], <c>bias</c> [V_s], training facts in the metadata) for <c>maria export --head</c>.
/// </summary>
[Verb("head", HelpText = "Train the MARIA head on features from a package's frozen backbones; write HEAD.safetensors.")]
internal sealed class HeadCommand : ICommand
{
    [Option("model", Required = true, HelpText = "The MARIA package whose graphs compute the features (e.g. models/maria-tiny).")]
    public string Model { get; set; } = string.Empty;

    [Option("data", Required = true, HelpText = "Training texts (JSON lines with a \"text\" field), e.g. data/sotu/train.jsonl.")]
    public string Data { get; set; } = string.Empty;

    [Option("validation", Required = true, HelpText = "Validation texts (JSON lines), e.g. data/sotu/validation.jsonl.")]
    public string Validation { get; set; } = string.Empty;

    [Option("output", Required = true, HelpText = "The trained head, e.g. head.safetensors.")]
    public string Output { get; set; } = string.Empty;

    [Option("ar", HelpText = "The causal LM checkpoint folder the package was exported from (needed by --init product).")]
    public string? ArCheckpoint { get; set; }

    [Option("mlm", HelpText = "The masked LM checkpoint folder the package was exported from (needed by --init product).")]
    public string? MlmCheckpoint { get; set; }

    [Option("init", Default = HeadInitialization.Product, HelpText = "product (average of both models' logits, the paper's default) or random (ablation).")]
    public string Initialization { get; set; } = HeadInitialization.Product;

    [Option("steps", Default = 2000, HelpText = "Optimizer steps.")]
    public int Steps { get; set; } = 2000;

    [Option("batch", Default = 32, HelpText = "Sequences per optimizer step (gradient accumulation over micro-batches).")]
    public int Batch { get; set; } = 32;

    [Option("micro-batch", Default = 8, HelpText = "Sequences per forward/backward pass; their features are also extracted together (one encoder and one decoder call per micro-batch, validation included).")]
    public int MicroBatch { get; set; } = 8;

    [Option("seq-len", Default = 128, HelpText = "Text tokens per training sequence.")]
    public int SequenceLength { get; set; } = 128;

    [Option("lr", Default = 5e-5, HelpText = "Peak learning rate (AdamW; linear warmup, then cosine decay to 0).")]
    public double LearningRate { get; set; } = 5e-5;

    [Option("warmup", Default = 100, HelpText = "Linear warmup steps.")]
    public int Warmup { get; set; } = 100;

    [Option("weight-decay", Default = 0.0, HelpText = "AdamW weight decay on the head matrix.")]
    public double WeightDecay { get; set; }

    [Option("mask-alpha", Default = 2.5, HelpText = "Masking rate per sequence ~ Beta(alpha, beta).")]
    public double MaskAlpha { get; set; } = 2.5;

    [Option("mask-beta", Default = 2.5, HelpText = "See --mask-alpha.")]
    public double MaskBeta { get; set; } = 2.5;

    [Option("seed", Default = 1234L, HelpText = "Seeds the random initialisation, the data order and the masks.")]
    public long Seed { get; set; } = 1234;

    [Option("eval-every", Default = 50, HelpText = "Validate every this many steps (also at step 0 and at the end; 0 = only then).")]
    public int EvaluateEvery { get; set; } = 50;

    [Option("validation-sequences", Default = 64, HelpText = "Fixed validation windows (fixed masks).")]
    public int ValidationSequences { get; set; } = 64;

    [Option("threads", Default = 0, HelpText = "CPU threads for ONNX Runtime and torch (0 = all cores).")]
    public int Threads { get; set; }

    [Option("run-dir", HelpText = "Checkpoint and training-log.csv folder (default: OUTPUT without extension + '.run').")]
    public string? RunDirectory { get; set; }

    [Option("resume", Default = false, HelpText = "Continue the run whose checkpoint is in --run-dir (same options required).")]
    public bool Resume { get; set; }

    [Option("time-limit-minutes", Default = 0.0, HelpText = "Stop cleanly after this many minutes and checkpoint (0 = no limit).")]
    public double TimeLimitMinutes { get; set; }

    [Option("checkpoint-minutes", Default = 5.0, HelpText = "Write a resumable checkpoint this often.")]
    public double CheckpointMinutes { get; set; } = 5.0;

    /// <inheritdoc />
    public int Execute(CommandContext context)
    {
        var settings = Settings();
        Validate(settings);
        int threads = Threads > 0 ? Threads : Environment.ProcessorCount;
        torch.set_num_threads(threads);
        var trainingTexts = SotuCorpus.ReadTexts(Data, "--data");
        var validationTexts = SotuCorpus.ReadTexts(Validation, "--validation");
        string runDirectory = RunDirectory ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Output))!, Path.GetFileNameWithoutExtension(Output) + ".run");

        using var model = MariaModel.Load(Model, new MariaModelOptions(IntraOpThreads: threads));
        var extractor = new HeadFeatureExtractor(model);
        if (SequenceLength > extractor.MaxTokens)
        {
            throw new UsageException($"--seq-len {SequenceLength} is longer than the package's context ({extractor.MaxTokens} tokens); pass a smaller --seq-len");
        }
        int shared = extractor.SharedVocabularySize;
        var training = HeadWindows.Build(trainingTexts, model.Tokenizer, shared, SequenceLength);
        var validationWindows = HeadWindows.Build(validationTexts, model.Tokenizer, shared, SequenceLength);
        if (training.Count == 0 || validationWindows.Count == 0)
        {
            throw new UsageException($"--data or --validation holds no text of at least {SequenceLength / 4} tokens; pass the corpus files or a smaller --seq-len");
        }
        var progress = new TrainingProgress(context.Error, interactive: ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected);
        progress.Message(FormattableString.Invariant(
            $"data: {training.Count} training windows ({training.TokenCount} tokens), {validationWindows.Count} validation windows; features: [{extractor.ArHiddenSize} ; {extractor.MlmHiddenSize}] -> {shared}"));

        using var head = new LinearHead(extractor.ArHiddenSize, extractor.MlmHiddenSize, shared);
        Initialize(head, model);
        var clock = Stopwatch.StartNew();
        var validation = HeadValidationSet.Build(extractor, validationWindows.EvenlySpaced(ValidationSequences),
            new HeadMasking(MaskAlpha, MaskBeta), Seed, MicroBatch, context.Cancellation);
        progress.Message(FormattableString.Invariant($"validation: {validation.Count} masked tokens in {Math.Min(ValidationSequences, validationWindows.Count)} windows, featurised in {clock.Elapsed.TotalSeconds:F1} s"));

        using var run = new HeadTrainingRun(head, settings, extractor, training, validation, runDirectory, progress, Resume)
        {
            CheckpointInterval = TimeSpan.FromMinutes(CheckpointMinutes),
        };
        run.Run(timeLimit: TimeLimitMinutes > 0 ? TimeSpan.FromMinutes(TimeLimitMinutes) : null, cancellation: context.Cancellation);
        if (!run.Finished)
        {
            progress.Message($"stopped at step {run.Step} of {Steps}; continue with the same options and --resume");
            return ExitCodes.Success;
        }
        HeadFile.Write(Output, head, HeadFile.Facts(settings, run, Data, Validation, model));
        progress.Message(FormattableString.Invariant(
            $"finished {run.Step} steps: validation loss {run.ValidationLoss:F4}; {run.TokensSeen / Math.Max(1e-9, run.TrainingSeconds):F0} tok/s; saved {Output}"));
        context.Out.WriteLine(Output);
        return ExitCodes.Success;
    }

    private HeadTrainingSettings Settings() => new()
    {
        Steps = Steps,
        BatchSize = Batch,
        MicroBatchSize = MicroBatch,
        SequenceLength = SequenceLength,
        LearningRate = LearningRate,
        WarmupSteps = Warmup,
        WeightDecay = WeightDecay,
        MaskRateAlpha = MaskAlpha,
        MaskRateBeta = MaskBeta,
        Initialization = Initialization,
        Seed = Seed,
        EvaluateEvery = EvaluateEvery,
        ValidationSequences = ValidationSequences,
    };

    private void Validate(HeadTrainingSettings settings)
    {
        ReservedSplitGuard.EnsureNotReserved(Data, "--data");
        ReservedSplitGuard.EnsureNotReserved(Validation, "--validation");
        Require(Steps >= 1, $"--steps {Steps} must be at least 1");
        Require(Batch >= 1 && MicroBatch >= 1, $"--batch {Batch} and --micro-batch {MicroBatch} must be at least 1");
        Require(SequenceLength >= 2, $"--seq-len {SequenceLength} must be at least 2");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), $"--lr {LearningRate} must be a positive number");
        Require(Warmup >= 0 && EvaluateEvery >= 0, "--warmup and --eval-every must be 0 or more");
        _ = new HeadMasking(MaskAlpha, MaskBeta); // refuses non-positive shapes before any data is read
        Require(ValidationSequences >= 1, $"--validation-sequences {ValidationSequences} must be at least 1");
        Require(settings.Initialization is HeadInitialization.Product or HeadInitialization.Random,
            $"--init '{Initialization}' is not known; use product or random");
        Require(settings.Initialization != HeadInitialization.Product || (ArCheckpoint is not null && MlmCheckpoint is not null),
            "--init product needs --ar and --mlm: the checkpoint folders the package was exported from (or pass --init random)");
        Require(!string.IsNullOrWhiteSpace(Output) && !Directory.Exists(Output), $"--output '{Output}' must be a file path such as head.safetensors");
    }

    private void Initialize(LinearHead head, MariaModel model)
    {
        if (Initialization == HeadInitialization.Random)
        {
            HeadInitialization.LoadRandom(head, Seed);
            return;
        }
        PackageSources.EnsureExportedFrom(model.Manifest, ArCheckpoint!, MlmCheckpoint!);
        HeadInitialization.LoadProduct(head, ArCheckpoint!, MlmCheckpoint!);
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new UsageException(message);
        }
    }
}
