using Maria.Runtime;
using Maria.Runtime.Scoring;
using static TorchSharp.torch;

namespace Maria.Training.HeadTraining;

/// <summary>
/// Masked positions of several texts as one training matrix: features [m, d_ar + d_mlm] (each row [v_{i-1} ; u_i],
/// the order the head's weight columns expect) and targets [m] (int64), m = total masks.
/// </summary>
internal sealed record HeadExamples(float[] Features, long[] Targets, int InFeatures)
{
    /// <summary>Rows (masked positions).</summary>
    public int Count => Targets.Length;

    /// <summary>Concatenates the features of several texts in order.</summary>
    public static HeadExamples From(IReadOnlyList<HeadFeatures> texts, int arHiddenSize, int mlmHiddenSize)
    {
        int inFeatures = arHiddenSize + mlmHiddenSize;
        int rows = texts.Sum(t => t.Count);
        var features = new float[(long)rows * inFeatures];
        var targets = new long[rows];
        int row = 0;
        foreach (var text in texts)
        {
            for (int k = 0; k < text.Count; k++, row++)
            {
                var destination = features.AsSpan(row * inFeatures, inFeatures);
                text.ArStates.AsSpan(k * arHiddenSize, arHiddenSize).CopyTo(destination);
                text.MlmStates.AsSpan(k * mlmHiddenSize, mlmHiddenSize).CopyTo(destination[arHiddenSize..]);
                targets[row] = text.Targets[k];
            }
        }
        return new HeadExamples(features, targets, inFeatures);
    }

    /// <summary>The features as a [m, d_ar + d_mlm] tensor (a copy).</summary>
    public Tensor FeatureTensor() => tensor(Features, [Count, InFeatures]);

    /// <summary>The targets as a [m] int64 tensor (a copy).</summary>
    public Tensor TargetTensor() => tensor(Targets, [Count]);
}
