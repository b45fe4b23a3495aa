using Maria.Training.Loop;

namespace Maria.Training.Pretraining;

/// <summary>
/// Everything that decides what a run computes. A resumed run must have the same settings (checked against the
/// checkpoint), except the ones that only decide when it stops or how fast it runs (see
/// <see cref="CompatibleForResume"/>).
/// </summary>
internal sealed record PretrainingSettings : IResumableSettings<PretrainingSettings>
{
    /// <summary>Total optimizer steps of the schedule.</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>Sequences per step.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Tokens per sequence fed to the model ([CLS] and [SEP] included for the masked model).</summary>
    public int SequenceLength { get; init; } = 512;

    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Linear warmup steps.</summary>
    public int WarmupSteps { get; init; } = 100;

    /// <summary>AdamW weight decay on matrices.</summary>
    public double WeightDecay { get; init; } = 0.1;

    /// <summary>Gradient clipping by total norm.</summary>
    public double MaxGradientNorm { get; init; } = 1.0;

    /// <summary>Masking rate for masked-LM training batches.</summary>
    public double MaskRate { get; init; } = 0.3;

    /// <summary>Seeds the initial weights, the epoch orders and the masks.</summary>
    public long Seed { get; init; } = 1234;

    /// <summary>Evaluate on the validation split every this many steps (and at the end); 0 = only at the end.</summary>
    public int EvaluateEvery { get; init; } = 200;

    /// <summary>At most this many validation sequences per evaluation (0 = all).</summary>
    public int EvaluationSequences { get; init; }

    /// <summary>Whether <paramref name="other"/> computes the same run, so a checkpoint of one can resume the other.</summary>
    public bool CompatibleForResume(PretrainingSettings other) => WithoutEvaluation(this) == WithoutEvaluation(other);

    // Evaluation reads no training randomness, so when and how much to evaluate may change on resume.
    private static PretrainingSettings WithoutEvaluation(PretrainingSettings settings)
        => settings with { EvaluateEvery = 0, EvaluationSequences = 0 };
}
