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
    /// <summary>Masks and features for <paramref name="windows"/>.</summary>
    public static HeadExamples Build(HeadFeatureExtractor extractor, IReadOnlyList<int[]> windows, HeadMasking masking, long seed, CancellationToken cancellation)
    {
        var features = new List<HeadFeatures>(windows.Count);
        for (int k = 0; k < windows.Count; k++)
        {
            var masks = masking.Sample(windows[k].Length, DeterministicRandom.For(seed, "validation-masks", k));
            features.Add(extractor.Extract(windows[k], masks, cancellation));
        }
        return HeadExamples.From(features, extractor.ArHiddenSize, extractor.MlmHiddenSize);
    }
}
