using static TorchSharp.torch;

namespace Maria.Training.HeadTraining;

/// <summary>
/// The MARIA objective (maria-method.md §4): cross-entropy of z_i = W3 [v_{i-1} ; u_i] + b3 against x_i, summed over
/// masked positions. Callers divide by the number of masked tokens in the whole batch, so that accumulating
/// micro-batches gives exactly the gradient of the batch mean.
/// </summary>
internal static class HeadLoss
{
    /// <summary>Sum of -log softmax(head(features))[targets] over the rows: features [m, in], targets [m] -> scalar.</summary>
    public static Tensor Sum(LinearHead head, Tensor features, Tensor targets)
    {
        var logits = head.forward(features);                                            // [m, V_s]
        return nn.functional.cross_entropy(logits, targets, reduction: nn.Reduction.Sum);
    }

    /// <summary>Mean loss over <paramref name="examples"/> in double, in chunks of rows to bound memory ([chunk, V_s] logits).</summary>
    public static double Mean(LinearHead head, HeadExamples examples, int chunkRows = 2048)
    {
        if (examples.Count == 0)
        {
            return double.NaN;
        }
        double total = 0;
        using (no_grad())
        {
            using var features = examples.FeatureTensor();
            using var targets = examples.TargetTensor();
            for (int start = 0; start < examples.Count; start += chunkRows)
            {
                using var scope = NewDisposeScope();
                long length = Math.Min(chunkRows, examples.Count - start);
                total += Sum(head, features.narrow(0, start, length), targets.narrow(0, start, length)).to_type(float64).item<double>();
            }
        }
        return total / examples.Count;
    }
}
