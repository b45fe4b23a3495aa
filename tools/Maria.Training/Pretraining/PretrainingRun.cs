using System.Diagnostics;
using System.Globalization;
using Maria.Runtime.Masking;
using Maria.Training.Data;
using Maria.Training.Loop;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Maria.Training.Pretraining;

/// <summary>
/// The pretraining loop: for each step, the batch chosen by (seed, step), cross-entropy on the labelled positions,
/// backward, gradient clipping, AdamW at the scheduled learning rate. Evaluates every
/// <see cref="PretrainingSettings.EvaluateEvery"/> steps, checkpoints every <see cref="CheckpointInterval"/> and
/// when it stops, and resumes exactly: weights, optimizer moments and step come from the checkpoint, and
/// everything random is re-derived from (seed, step).
/// </summary>
internal sealed class PretrainingRun : IDisposable
{
    private readonly IPretrainingModel model;
    private readonly PretrainingSettings settings;
    private readonly PretrainingBatchBuilder training;
    private readonly WindowSampler sampler;
    private readonly Evaluator evaluator;
    private readonly CheckpointStore checkpoints;
    private readonly TextWriter progress;
    private readonly AdamW optimizer;
    private readonly LearningRateSchedule schedule;
    private readonly TrainingLog log;
    private readonly List<float> losses = new();
    private TrainingState state;

    /// <summary>Sets up a run; with <paramref name="resume"/> its weights, optimizer and step come from the checkpoint.</summary>
    public PretrainingRun(IPretrainingModel model, PretrainingSettings settings, PretrainingBatchBuilder training, TokenWindows trainingWindows,
        Evaluator evaluator, string outputDirectory, TextWriter progress, bool resume)
    {
        this.model = model;
        this.settings = settings;
        this.training = training;
        this.evaluator = evaluator;
        this.progress = progress;
        sampler = new WindowSampler(trainingWindows.Count, settings.Seed);
        schedule = new LearningRateSchedule(settings.LearningRate, settings.WarmupSteps, settings.Steps);
        optimizer = OptimizerFactory.Create(model.Module, settings.LearningRate, settings.WeightDecay);
        checkpoints = new CheckpointStore(outputDirectory, "--output");
        state = new TrainingState(0, 0, 0, settings);
        if (resume)
        {
            state = TrainingLoop.Resume<TrainingState, PretrainingSettings>(checkpoints, settings, model.Module, optimizer) with { Settings = settings };
            progress.WriteLine($"resumed from step {state.Step} ({checkpoints.Directory})");
        }
        Directory.CreateDirectory(outputDirectory);
        log = new TrainingLog(Path.Combine(outputDirectory, TrainingLog.FileName), evaluator.MetricNames, resume ? state.Step : null);
    }

    /// <summary>How often to checkpoint while training (wall time).</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The clock of the time limit and the checkpoint cadence.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Write a progress line every this many steps.</summary>
    public int ProgressEvery { get; init; } = 10;

    /// <summary>Optimizer steps completed.</summary>
    public int Step => state.Step;

    /// <summary>Whether the schedule is complete.</summary>
    public bool Finished => state.Step >= settings.Steps;

    /// <summary>The training loss of each step this object ran, in order.</summary>
    public IReadOnlyList<float> Losses => losses;

    /// <summary>The last evaluation's metrics by name (empty before the first).</summary>
    public IReadOnlyDictionary<string, double> LastEvaluation { get; private set; } = new Dictionary<string, double>();

    /// <summary>
    /// Trains until the schedule ends, <paramref name="stopAtStep"/> is reached, <paramref name="timeLimit"/> has
    /// passed or <paramref name="cancellation"/> fires; then writes a checkpoint. Cancellation rethrows after saving.
    /// </summary>
    public void Run(int? stopAtStep = null, TimeSpan? timeLimit = null, CancellationToken cancellation = default)
    {
        int stop = Math.Min(settings.Steps, stopAtStep ?? settings.Steps);
        var trainingTime = new Stopwatch(); // time in training steps since the last progress line, evaluation excluded
        int stepsSinceProgress = 0;
        double trainingSecondsAtStart = state.TrainingSeconds;
        model.Module.train();
        var loop = new TrainingLoop(SaveCheckpoint, progress.WriteLine) { CheckpointInterval = CheckpointInterval, Time = Time };
        loop.Run(() => state.Step, stop, step =>
        {
            trainingTime.Start();
            float loss = TrainStep(step, out double learningRate);
            trainingTime.Stop();
            losses.Add(loss);
            int done = step + 1;
            long tokens = state.TokensSeen + (long)settings.BatchSize * training.SequenceLength;
            state = state with { Step = done, TokensSeen = tokens, TrainingSeconds = trainingSecondsAtStart + loop.SessionElapsed.TotalSeconds };
            stepsSinceProgress++;

            bool evaluate = done == settings.Steps || (settings.EvaluateEvery > 0 && done % settings.EvaluateEvery == 0);
            IReadOnlyList<double>? metrics = evaluate ? RunEvaluation() : null;
            double tokensPerSecond = stepsSinceProgress * (double)settings.BatchSize * training.SequenceLength / Math.Max(1e-9, trainingTime.Elapsed.TotalSeconds);
            log.Append(done, loss, learningRate, tokensPerSecond, state.TrainingSeconds, metrics);
            if (done % ProgressEvery == 0 || done == stop || metrics is not null)
            {
                WriteProgress(done, loss, learningRate, tokensPerSecond, loop.SessionElapsed, stop);
                trainingTime.Reset();
                stepsSinceProgress = 0;
            }
        }, timeLimit, cancellation);
    }

    /// <summary>Evaluates now and remembers the result.</summary>
    public IReadOnlyList<double> RunEvaluation()
    {
        var metrics = evaluator.Evaluate(model);
        LastEvaluation = evaluator.MetricNames.Zip(metrics).ToDictionary(p => p.First, p => p.Second);
        progress.WriteLine($"eval step {state.Step}: " + string.Join(", ", LastEvaluation.Select(p => $"{p.Key} {p.Value:F4}")));
        return metrics;
    }

    /// <summary>Writes a checkpoint of the current state.</summary>
    public void SaveCheckpoint() => checkpoints.Save(model.Module, optimizer, state);

    /// <inheritdoc />
    public void Dispose() => optimizer.Dispose();

    private float TrainStep(int step, out double learningRate)
    {
        using var scope = torch.NewDisposeScope();
        // Anything in the model that draws from torch's generator (dropout) sees the same stream on resume.
        torch.manual_seed((long)(SeededRandom.For(settings.Seed, "torch", step).NextUInt64() >> 1));
        var batch = training.Build(sampler.Batch(step, settings.BatchSize), SeededRandom.For(settings.Seed, "masks", step));
        learningRate = schedule.At(step);
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }
        optimizer.zero_grad();
        var inputIds = torch.tensor(batch.InputIds, [batch.BatchSize, batch.SequenceLength]);
        var labels = torch.tensor(batch.Labels, [batch.BatchSize * batch.SequenceLength]);
        var logits = model.Logits(inputIds);                                       // [B, T, V]
        var loss = nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), labels,
            ignore_index: MaskedLanguageModelMasker.IgnoredLabel);
        loss.backward();
        nn.utils.clip_grad_norm_(model.Module.parameters(), settings.MaxGradientNorm);
        optimizer.step();
        return loss.item<float>();
    }

    private void WriteProgress(int step, float loss, double learningRate, double tokensPerSecond, TimeSpan elapsed, int stop)
    {
        int done = Math.Max(1, losses.Count);
        var left = TimeSpan.FromSeconds(elapsed.TotalSeconds / done * (stop - step));
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"step {step}/{settings.Steps}  loss {loss:F4}  lr {learningRate:E2}  {tokensPerSecond:F0} tok/s  elapsed {elapsed:hh\\:mm\\:ss}  left {left:hh\\:mm\\:ss}"));
    }
}
