using Maria.Training.Loop;
using Maria.Training.Tests.Pretraining;
using TorchSharp;

namespace Maria.Training.Tests.Loop;

/// <summary>
/// The skeleton both training runs share, driven with a manual clock (each step advances it by a fixed amount):
/// checkpoint cadence, time limit, cancellation, stop step, and the resume refusal on a real checkpoint.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class TrainingLoopTests
{
    private static readonly TimeSpan StepTime = TimeSpan.FromMinutes(2);

    [Fact]
    public void Checkpoints_are_saved_each_time_the_interval_has_passed_and_once_at_the_end()
    {
        var run = new CountingRun();
        var loop = run.Loop(checkpointInterval: TimeSpan.FromMinutes(5));

        loop.Run(() => run.Step, stop: 7, run.TrainStep, timeLimit: null, CancellationToken.None);

        // 2 minutes per step: 6 minutes have passed after steps 3 and 6 (>= 5 since the last save), then the final save.
        Assert.Equal([3, 6, 7], run.SavedAtSteps);
        Assert.Equal(7, run.Step);
    }

    [Fact]
    public void The_time_limit_stops_before_the_next_step_and_saves()
    {
        var run = new CountingRun();
        var loop = run.Loop(checkpointInterval: TimeSpan.FromHours(1));

        loop.Run(() => run.Step, stop: 100, run.TrainStep, timeLimit: TimeSpan.FromMinutes(5), CancellationToken.None);

        // Before step 4 the session has run 6 minutes >= 5: three steps done, one save, the message names the step.
        Assert.Equal(3, run.Step);
        Assert.Equal([3], run.SavedAtSteps);
        Assert.Equal(["time limit of 5.0 min reached at step 3; saving"], run.Messages);
    }

    [Fact]
    public void Time_spent_at_the_start_counts_against_the_limit()
    {
        var run = new CountingRun();
        var loop = run.Loop(checkpointInterval: TimeSpan.FromHours(1));

        loop.Run(() => run.Step, stop: 100, run.TrainStep, TimeSpan.FromMinutes(5), CancellationToken.None,
            atStart: () => run.Clock.Advance(TimeSpan.FromMinutes(5)));

        Assert.Equal(0, run.StepsRun);
        Assert.Equal([0], run.SavedAtSteps);
    }

    [Fact]
    public void Cancellation_saves_the_last_complete_step_and_rethrows()
    {
        using var cancellation = new CancellationTokenSource();
        var run = new CountingRun { CancelAfterStep = (2, cancellation) };
        var loop = run.Loop(checkpointInterval: TimeSpan.FromHours(1));

        Assert.Throws<OperationCanceledException>(() => loop.Run(() => run.Step, stop: 10, run.TrainStep, null, cancellation.Token));

        Assert.Equal(2, run.Step);
        Assert.Equal([2], run.SavedAtSteps);
    }

    [Fact]
    public void A_run_already_at_its_stop_step_trains_nothing_and_saves_once()
    {
        var run = new CountingRun { Step = 4 };
        var loop = run.Loop(checkpointInterval: TimeSpan.FromMinutes(5));

        loop.Run(() => run.Step, stop: 4, run.TrainStep, timeLimit: null, CancellationToken.None);

        Assert.Equal(0, run.StepsRun);
        Assert.Equal([4], run.SavedAtSteps);
    }

    [Fact]
    public void The_session_time_is_the_clocks_time_since_the_run_began()
    {
        var run = new CountingRun();
        var loop = run.Loop(checkpointInterval: TimeSpan.FromHours(1));
        var seen = new List<TimeSpan>();

        loop.Run(() => run.Step, stop: 3, step => { run.TrainStep(step); seen.Add(loop.SessionElapsed); }, null, CancellationToken.None);

        Assert.Equal([StepTime, 2 * StepTime, 3 * StepTime], seen);
    }

    [Fact]
    public void Resume_continues_a_checkpoint_of_compatible_settings_and_refuses_other_settings_naming_the_folder_option()
    {
        torch.manual_seed(3);
        using var folder = new TemporaryFolder();
        var store = new CheckpointStore(folder.Path, "--run-dir");
        using var module = torch.nn.Linear(3, 2);
        using var optimizer = torch.optim.AdamW(module.parameters(), 1e-3);
        store.Save(module, optimizer, new LoopState(5, new LoopSettings(Seed: 1, EvaluateEvery: 10)));

        using var other = torch.nn.Linear(3, 2);
        using var otherOptimizer = torch.optim.AdamW(other.parameters(), 1e-3);
        var resumed = TrainingLoop.Resume<LoopState, LoopSettings>(store, new LoopSettings(Seed: 1, EvaluateEvery: 99), other, otherOptimizer);
        Assert.Equal(5, resumed.Step);
        Assert.Equal(module.weight!.data<float>().ToArray(), other.weight!.data<float>().ToArray());

        var error = Assert.Throws<Runtime.MariaInputException>(
            () => TrainingLoop.Resume<LoopState, LoopSettings>(store, new LoopSettings(Seed: 2, EvaluateEvery: 10), other, otherOptimizer));
        Assert.Contains("different settings", error.Message, StringComparison.Ordinal);
        Assert.Contains(store.Directory, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("start over with another --run-dir", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_without_a_checkpoint_names_the_folder_option()
    {
        using var folder = new TemporaryFolder();
        var store = new CheckpointStore(folder.Path, "--output");
        using var module = torch.nn.Linear(3, 2);
        using var optimizer = torch.optim.AdamW(module.parameters(), 1e-3);

        var error = Assert.Throws<Runtime.MariaInputException>(
            () => TrainingLoop.Resume<LoopState, LoopSettings>(store, new LoopSettings(1, 10), module, optimizer));

        Assert.Contains("point --output at the interrupted run", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Settings whose evaluation cadence may change on resume, as both real runs' do.</summary>
    public sealed record LoopSettings(int Seed, int EvaluateEvery) : IResumableSettings<LoopSettings>
    {
        public bool CompatibleForResume(LoopSettings other) => Seed == other.Seed;
    }

    public sealed record LoopState(int Step, LoopSettings Settings) : ILoopState<LoopSettings>;

    /// <summary>A run whose step only counts and moves the manual clock on.</summary>
    private sealed class CountingRun
    {
        public ManualClock Clock { get; } = new();

        public int Step { get; set; }

        public int StepsRun { get; private set; }

        public List<int> SavedAtSteps { get; } = [];

        public List<string> Messages { get; } = [];

        public (int Step, CancellationTokenSource Source)? CancelAfterStep { get; init; }

        public TrainingLoop Loop(TimeSpan checkpointInterval) =>
            new(() => SavedAtSteps.Add(Step), Messages.Add)
            {
                CheckpointInterval = checkpointInterval,
                Time = Clock,
            };

        public void TrainStep(int step)
        {
            Assert.Equal(Step, step);
            Clock.Advance(StepTime);
            Step = step + 1;
            StepsRun++;
            if (CancelAfterStep is (int after, var source) && Step == after)
            {
                source.Cancel();
            }
        }
    }

    /// <summary>A clock that moves only when told (timestamps in ticks).</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => ticks;

        public void Advance(TimeSpan by) => ticks += by.Ticks;
    }
}
