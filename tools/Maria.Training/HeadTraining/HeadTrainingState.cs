using Maria.Training.Loop;

namespace Maria.Training.HeadTraining;

/// <summary>
/// The loop's position, saved with each checkpoint beside the head and the AdamW moments. Data order and masks are
/// re-derived from (seed, step), so the step is the whole data position.
/// </summary>
/// <param name="Step">Optimizer steps completed.</param>
/// <param name="TokensSeen">Text tokens of the training windows read so far.</param>
/// <param name="TrainingSeconds">Wall time spent so far, across resumes.</param>
/// <param name="ValidationLoss">The latest validation loss (null before the first validation).</param>
/// <param name="Settings">The settings the run was started with.</param>
internal sealed record HeadTrainingState(int Step, long TokensSeen, double TrainingSeconds, double? ValidationLoss, HeadTrainingSettings Settings)
    : ILoopState<HeadTrainingSettings>;
