namespace Maria.Training.Loop;

/// <summary>
/// Linear warmup from 0 to <see cref="PeakLearningRate"/> over <see cref="WarmupSteps"/>, then cosine decay to
/// <see cref="MinimumRatio"/> x peak at <see cref="TotalSteps"/>. A pure function of the step, so a resumed run
/// needs only its step number to be back on schedule.
/// </summary>
internal sealed record LearningRateSchedule(double PeakLearningRate, int WarmupSteps, int TotalSteps, double MinimumRatio = 0.1)
{
    /// <summary>The learning rate for optimizer step <paramref name="step"/> (0-based).</summary>
    public double At(long step)
    {
        if (WarmupSteps > 0 && step < WarmupSteps)
        {
            return PeakLearningRate * (step + 1) / WarmupSteps;
        }
        int decaySteps = Math.Max(1, TotalSteps - WarmupSteps);
        double progress = Math.Clamp((double)(step - WarmupSteps) / decaySteps, 0.0, 1.0);
        double cosine = 0.5 * (1.0 + Math.Cos(Math.PI * progress));
        return PeakLearningRate * (MinimumRatio + (1.0 - MinimumRatio) * cosine);
    }
}
