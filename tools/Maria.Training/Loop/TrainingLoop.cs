using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Maria.Training.Loop;

/// <summary>
/// The skeleton both training runs (<c>maria-train pretrain</c> and <c>maria-train head</c>) share: resume refusal,
/// the step loop with its time limit and cancellation, and the checkpoint cadence. A run supplies one optimizer step
/// and its checkpoint; the loop decides when to stop and when to save: every <see cref="CheckpointInterval"/> of wall
/// time, when the time limit is reached, when cancelled (then it rethrows) and when the schedule or the requested stop
/// step is reached. The state only changes between steps, so every save is consistent.
/// </summary>
/// <param name="save">Writes a checkpoint of the run's current state.</param>
/// <param name="message">Receives one-line progress messages (time limit reached).</param>
internal sealed class TrainingLoop(Action save, Action<string> message)
{
    /// <summary>How often to checkpoint while training (wall time).</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMinutes(5);

    private long? sessionStart;

    /// <summary>The clock of the time limit and the cadence (the system's; tests pass a manual one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Reads the checkpoint's state and loads its weights and optimizer moments, refusing (one line, naming the folder
    /// and the fix) a checkpoint made with settings that <see cref="IResumableSettings{T}.CompatibleForResume"/> rejects.
    /// </summary>
    public static TState Resume<TState, TSettings>(CheckpointStore checkpoints, TSettings settings, nn.Module module, OptimizerHelper optimizer)
        where TState : ILoopState<TSettings>
        where TSettings : IResumableSettings<TSettings>
    {
        var saved = checkpoints.ReadState<TState>();
        if (!saved.Settings.CompatibleForResume(settings))
        {
            throw new Runtime.MariaInputException(
                $"--resume: the checkpoint in '{checkpoints.Directory}' was made with different settings ({saved.Settings}); "
                + $"pass the same options as the interrupted run, or start over with another {checkpoints.FolderOption}");
        }
        return checkpoints.Load<TState>(module, optimizer);
    }

    /// <summary>Wall time since the current <see cref="Run"/> began (zero before it).</summary>
    public TimeSpan SessionElapsed => sessionStart is long start ? Time.GetElapsedTime(start) : TimeSpan.Zero;

    /// <summary>
    /// Runs <paramref name="atStart"/> (e.g. an initial validation; its time counts against the limit), then calls
    /// <paramref name="trainStep"/> (with the step about to run) while
    /// <paramref name="currentStep"/> is below <paramref name="stop"/>, the time limit has not passed and
    /// <paramref name="cancellation"/> has not fired; then saves. Cancellation saves and rethrows.
    /// </summary>
    public void Run(Func<int> currentStep, int stop, Action<int> trainStep, TimeSpan? timeLimit, CancellationToken cancellation, Action? atStart = null)
    {
        long start = Time.GetTimestamp();
        sessionStart = start;
        long lastSave = start;
        try
        {
            atStart?.Invoke();
            while (currentStep() < stop)
            {
                if (timeLimit is TimeSpan limit && Time.GetElapsedTime(start) >= limit)
                {
                    message(string.Create(CultureInfo.InvariantCulture, $"time limit of {limit.TotalMinutes:F1} min reached at step {currentStep()}; saving"));
                    break;
                }
                cancellation.ThrowIfCancellationRequested();
                trainStep(currentStep());
                if (Time.GetElapsedTime(lastSave) >= CheckpointInterval)
                {
                    save();
                    lastSave = Time.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException)
        {
            save();
            throw;
        }
        save();
    }
}

/// <summary>Settings that say whether a checkpoint made with other settings may be continued.</summary>
internal interface IResumableSettings<in TSelf>
{
    /// <summary>Whether a run with these settings may continue one made with <paramref name="other"/>.</summary>
    bool CompatibleForResume(TSelf other);
}

/// <summary>A run's checkpointed position: the steps done and the settings it was started with.</summary>
internal interface ILoopState<out TSettings>
{
    /// <summary>Optimizer steps completed.</summary>
    int Step { get; }

    /// <summary>The settings the run was started with.</summary>
    TSettings Settings { get; }
}
