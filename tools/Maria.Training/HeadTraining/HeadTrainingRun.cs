using Maria.Runtime;
using Maria.Runtime.Baselines;
using Maria.Runtime.Masking;
using Maria.Runtime.Scoring;
using Maria.Training.Data;
using Maria.Training.Loop;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Maria.Training.HeadTraining;

/// <summary>
/// The head-training loop (maria-method.md §4). Each step takes the batch's windows from (seed, step), draws every
/// sequence's masks from (seed, step, sequence), then per micro-batch runs the frozen backbones through the package
/// graphs (ONNX Runtime) for the features, and accumulates the gradient of (summed cross-entropy) / (masked tokens
/// in the whole batch) - exactly the gradient of the batch mean - before one AdamW step at the scheduled rate.
/// Validates at step 0, every <see cref="HeadTrainingSettings.EvaluateEvery"/> steps and at the end; checkpoints
/// every <see cref="CheckpointInterval"/> and when it stops; a resumed run repeats the uninterrupted one exactly.
/// </summary>
internal sealed class HeadTrainingRun : IDisposable
{
    /// <summary>The CSV column with the validation loss.</summary>
    public const string ValidationColumn = "validation_loss";

    /// <summary>The CSV column with the resident memory after each step (MiB).</summary>
    public const string MemoryColumn = "resident_mib";

    private readonly LinearHead head;
    private readonly HeadTrainingSettings settings;
    private readonly HeadFeatureExtractor extractor;
    private readonly HeadWindows training;
    private readonly HeadExamples validation;
    private readonly WindowSampler sampler;
    private readonly HeadMasking masking;
    private readonly CheckpointStore checkpoints;
    private readonly TrainingProgress progress;
    private readonly AdamW optimizer;
    private readonly LearningRateSchedule schedule;
    private readonly TrainingLog log;
    private readonly List<float> losses = new();
    private HeadTrainingState state;

    /// <summary>Sets up a run in <paramref name="runDirectory"/>; with <paramref name="resume"/> it continues the checkpoint there.</summary>
    public HeadTrainingRun(LinearHead head, HeadTrainingSettings settings, HeadFeatureExtractor extractor, HeadWindows training,
        HeadExamples validation, string runDirectory, TrainingProgress progress, bool resume)
    {
        this.head = head;
        this.settings = settings;
        this.extractor = extractor;
        this.training = training;
        this.validation = validation;
        this.progress = progress;
        sampler = new WindowSampler(training.Count, settings.Seed);
        masking = new HeadMasking(settings.MaskRateAlpha, settings.MaskRateBeta);
        schedule = new LearningRateSchedule(settings.LearningRate, settings.WarmupSteps, settings.Steps, MinimumRatio: 0.0);
        optimizer = CreateOptimizer(head, settings);
        checkpoints = new CheckpointStore(runDirectory, "--run-dir");
        state = new HeadTrainingState(0, 0, 0, null, settings);
        if (resume)
        {
            state = TrainingLoop.Resume<HeadTrainingState, HeadTrainingSettings>(checkpoints, settings, head, optimizer) with { Settings = settings };
            progress.Message($"resumed from step {state.Step} ({checkpoints.Directory})");
        }
        Directory.CreateDirectory(runDirectory);
        log = new TrainingLog(Path.Combine(runDirectory, TrainingLog.FileName), [ValidationColumn], resume ? state.Step : null, [MemoryColumn]);
    }

    /// <summary>How often to checkpoint (wall time).</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The clock of the time limit and the checkpoint cadence.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Optimizer steps completed.</summary>
    public int Step => state.Step;

    /// <summary>Whether the schedule is complete.</summary>
    public bool Finished => state.Step >= settings.Steps;

    /// <summary>The latest validation loss (null before the first validation).</summary>
    public double? ValidationLoss => state.ValidationLoss;

    /// <summary>Text tokens read so far, across resumes.</summary>
    public long TokensSeen => state.TokensSeen;

    /// <summary>Training wall time so far, across resumes.</summary>
    public double TrainingSeconds => state.TrainingSeconds;

    /// <summary>The training loss of each step this object ran, in order.</summary>
    public IReadOnlyList<float> Losses => losses;

    /// <summary>
    /// Trains until the schedule ends, <paramref name="stopAtStep"/> is reached, <paramref name="timeLimit"/> has
    /// passed or <paramref name="cancellation"/> fires; then checkpoints. Cancellation rethrows after saving.
    /// </summary>
    public void Run(int? stopAtStep = null, TimeSpan? timeLimit = null, CancellationToken cancellation = default)
    {
        int stop = Math.Min(settings.Steps, stopAtStep ?? settings.Steps);
        double secondsAtStart = state.TrainingSeconds;
        int stepsThisSession = 0;
        double stepSecondsThisSession = 0;
        var loop = new TrainingLoop(SaveCheckpoint, progress.Message) { CheckpointInterval = CheckpointInterval, Time = Time };
        loop.Run(() => state.Step, stop, step =>
        {
            long stepStart = Time.GetTimestamp();
            var (loss, tokens) = TrainStep(step, out double learningRate, cancellation);
            double stepSeconds = Time.GetElapsedTime(stepStart).TotalSeconds;
            stepsThisSession++;
            stepSecondsThisSession += stepSeconds;
            losses.Add(loss);
            int done = step + 1;
            state = state with { Step = done, TokensSeen = state.TokensSeen + tokens, TrainingSeconds = secondsAtStart + loop.SessionElapsed.TotalSeconds };

            bool evaluate = done == settings.Steps || (settings.EvaluateEvery > 0 && done % settings.EvaluateEvery == 0);
            double? validationLoss = evaluate ? Validate() : null;
            double tokensPerSecond = tokens / Math.Max(1e-9, stepSeconds);
            log.Append(done, loss, learningRate, tokensPerSecond, state.TrainingSeconds,
                validationLoss is double v ? [v] : null, [ResidentMemory.MegabytesNow()]);
            var left = TimeSpan.FromSeconds(stepSecondsThisSession / stepsThisSession * (stop - done));
            progress.Step(done, stop, loss, state.ValidationLoss, tokensPerSecond, left, force: evaluate);
        }, timeLimit, cancellation, atStart: ValidateAtStepZero);
    }

    /// <summary>A run that starts from step 0 validates the initial head first (the log's row 0).</summary>
    private void ValidateAtStepZero()
    {
        if (state.Step == 0)
        {
            double initial = Validate();
            log.Append(0, double.NaN, 0, 0, 0, [initial], [ResidentMemory.MegabytesNow()]);
        }
    }

    /// <summary>The mean validation loss now (also remembered as <see cref="ValidationLoss"/>).</summary>
    public double Validate()
    {
        double loss = HeadLoss.Mean(head, validation);
        state = state with { ValidationLoss = loss };
        progress.Message(FormattableString.Invariant($"validation step {state.Step}: loss {loss:F4} (perplexity {Math.Exp(loss):F2}) over {validation.Count} masked tokens"));
        return loss;
    }

    /// <summary>Writes a checkpoint of the current state.</summary>
    public void SaveCheckpoint() => checkpoints.Save(head, optimizer, state);

    /// <inheritdoc />
    public void Dispose() => optimizer.Dispose();

    /// <summary>One optimizer step; returns the batch's mean loss and the text tokens it read.</summary>
    private (float Loss, long Tokens) TrainStep(int step, out double learningRate, CancellationToken cancellation)
    {
        var windows = sampler.Batch(step, settings.BatchSize).Select(i => training[i]).ToArray();
        var masks = new int[windows.Length][];
        for (int s = 0; s < windows.Length; s++)
        {
            masks[s] = masking.Sample(windows[s].Length, SeededRandom.For(settings.Seed, "masks", (long)step * settings.BatchSize + s));
        }
        double batchMasks = masks.Sum(m => m.Length);

        learningRate = schedule.At(step);
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }
        optimizer.zero_grad();
        double lossSum = 0;
        int micro = Math.Max(1, settings.MicroBatchSize);
        for (int start = 0; start < windows.Length; start += micro)
        {
            using var scope = torch.NewDisposeScope();
            // The micro-batch is also the extraction batch: its texts' features are needed together anyway, so one
            // encoder and one decoder call (a cache slot per text) add nothing to what --micro-batch already bounds.
            var texts = Enumerable.Range(start, Math.Min(windows.Length, start + micro) - start)
                .Select(s => new MaskedTokens(windows[s], masks[s])).ToArray();
            var features = extractor.Extract(texts, cancellation);
            var examples = HeadExamples.From(features, extractor.ArHiddenSize, extractor.MlmHiddenSize);
            var sum = HeadLoss.Sum(head, examples.FeatureTensor(), examples.TargetTensor());
            (sum / batchMasks).backward();
            lossSum += sum.to_type(float64).item<double>();
        }
        optimizer.step();
        return ((float)(lossSum / batchMasks), windows.Sum(w => (long)w.Length));
    }

    /// <summary>AdamW (the paper's optimizer, PyTorch's default betas) with weight decay on the matrix only.</summary>
    private static AdamW CreateOptimizer(LinearHead head, HeadTrainingSettings settings)
    {
        var groups = new[]
        {
            new AdamW.ParamGroup([head.Weight], new AdamW.Options { weight_decay = settings.WeightDecay }),
            new AdamW.ParamGroup([head.Bias], new AdamW.Options { weight_decay = 0.0 }),
        };
        return torch.optim.AdamW(groups, settings.LearningRate, 0.9, 0.999, eps: 1e-8, weight_decay: settings.WeightDecay);
    }
}
