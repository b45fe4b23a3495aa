using Maria.Training.Loop;

namespace Maria.Training.HeadTraining;

/// <summary>
/// Everything that decides what a head-training run computes (maria-method.md §4). A resumed run must have the same
/// settings, except those that only decide when it stops, how often it evaluates, or how the batch is split into
/// micro-batches (which does not change the gradient: the loss is normalised by the whole batch's masked tokens).
/// </summary>
internal sealed record HeadTrainingSettings : IResumableSettings<HeadTrainingSettings>
{
    /// <summary>Total optimizer steps of the schedule.</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>Sequences per optimizer step (the paper's 32).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Sequences per forward/backward pass; gradients accumulate over BatchSize / MicroBatchSize passes.</summary>
    public int MicroBatchSize { get; init; } = 8;

    /// <summary>Text tokens per training sequence (no [CLS]/[BOS]).</summary>
    public int SequenceLength { get; init; } = 128;

    /// <summary>Peak learning rate (the paper's 5e-5).</summary>
    public double LearningRate { get; init; } = 5e-5;

    /// <summary>Linear warmup steps before the cosine decay.</summary>
    public int WarmupSteps { get; init; } = 100;

    /// <summary>AdamW weight decay on the head matrix (not on the bias).</summary>
    public double WeightDecay { get; init; } = 0.0;

    /// <summary>Shape parameters of the per-sequence masking rate r ~ Beta(a, b) (the paper's 2.5, 2.5).</summary>
    public double MaskRateAlpha { get; init; } = 2.5;

    /// <inheritdoc cref="MaskRateAlpha"/>
    public double MaskRateBeta { get; init; } = 2.5;

    /// <summary><see cref="HeadInitialization.Product"/> or <see cref="HeadInitialization.Random"/>.</summary>
    public string Initialization { get; init; } = HeadInitialization.Product;

    /// <summary>Seeds the random initialisation, the data order and the masks (validation masks included).</summary>
    public long Seed { get; init; } = 1234;

    /// <summary>Validate every this many steps (and at step 0 and at the end); 0 = only at the start and the end.</summary>
    public int EvaluateEvery { get; init; } = 50;

    /// <summary>Validation sequences (fixed windows with fixed masks).</summary>
    public int ValidationSequences { get; init; } = 64;

    /// <summary>Whether <paramref name="other"/> computes the same run, so a checkpoint of one can resume the other.</summary>
    public bool CompatibleForResume(HeadTrainingSettings other) => Core(this) == Core(other);

    private static HeadTrainingSettings Core(HeadTrainingSettings settings)
        => settings with { EvaluateEvery = 0, MicroBatchSize = 0 };
}
