using Maria.Runtime;
using Maria.Runtime.Baselines;
using Maria.Runtime.Masking;
using Maria.Runtime.Scoring;
using Maria.Training.Data;

namespace Maria.Training.HeadTraining;

/// <summary>
/// The fixed validation examples: evenly spaced validation windows, each with masks drawn from (seed, window index)
/// by the training distribution, featurised once through the package graphs (the backbones are frozen, so the
/// features never change) and kept in memory for every evaluation.
/// </summary>
internal static class HeadValidationSet
{
    /// <summary>
    /// Masks and features for <paramref name="windows"/>, extracted <paramref name="groupSize"/> windows per encoder and
    /// decoder call (the training micro-batch: the same features as one at a time, in window order).
    /// </summary>
    public static HeadExamples Build(HeadFeatureExtractor extractor, IReadOnlyList<int[]> windows, HeadMasking masking, long seed,
        int groupSize, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groupSize);
        var texts = windows
            .Select((window, k) => new MaskedTokens(window, masking.Sample(window.Length, SeededRandom.For(seed, "validation-masks", k))))
            .ToArray();
        var features = new List<HeadFeatures>(windows.Count);
        for (int start = 0; start < texts.Length; start += groupSize)
        {
            features.AddRange(extractor.Extract(texts[start..Math.Min(texts.Length, start + groupSize)], cancellation));
        }
        return HeadExamples.From(features, extractor.ArHiddenSize, extractor.MlmHiddenSize);
    }
}
