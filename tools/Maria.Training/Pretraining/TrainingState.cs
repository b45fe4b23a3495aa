using Maria.Training.Loop;

namespace Maria.Training.Pretraining;

/// <summary>
/// The loop's position, saved with each checkpoint next to the weights and the optimizer moments. Data order, masks
/// and torch's generator are re-derived from (seed, step), so the step is the whole data position.
/// </summary>
/// <param name="Step">Optimizer steps completed.</param>
/// <param name="TokensSeen">Input tokens consumed so far.</param>
/// <param name="TrainingSeconds">Wall time spent training so far, across resumes.</param>
/// <param name="Settings">The settings the run was started with.</param>
internal sealed record TrainingState(int Step, long TokensSeen, double TrainingSeconds, PretrainingSettings Settings)
    : ILoopState<PretrainingSettings>;
