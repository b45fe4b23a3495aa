using Maria.Runtime.Masking;
using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.Probing;

/// <summary>
/// A linear probe (one Linear layer, cross-entropy) trained with AdamW on fixed features: the paper's Table 3 setting
/// (10 epochs, lr 1e-4), minibatches in a seeded order. Returns test accuracy.
/// </summary>
internal static class LinearProbe
{
    /// <summary>Trains on (<paramref name="trainRows"/>, <paramref name="trainLabels"/>) and returns accuracy on the test rows (label -1 counts wrong).</summary>
    public static double TrainAndTest(float[] trainRows, int[] trainLabels, float[] testRows, int[] testLabels, int width, int classes,
        ProbeSettings settings, int seed, CancellationToken cancellation)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(seed);
        var probe = nn.Linear(width, classes);
        var optimizer = torch.optim.AdamW(probe.parameters(), settings.LearningRate, weight_decay: settings.WeightDecay);
        var features = torch.tensor(trainRows, [trainLabels.Length, width]);
        var targets = torch.tensor(trainLabels.Select(l => (long)l).ToArray(), [trainLabels.Length]);
        int count = trainLabels.Length;
        for (int epoch = 0; epoch < settings.Epochs; epoch++)
        {
            // One gather per epoch into the seeded order, then contiguous minibatches (narrow is a view).
            var order = Enumerable.Range(0, count).Select(i => (long)i).ToArray();
            SeededRandom.For(seed, "probe-order", epoch).Shuffle(order.AsSpan());
            using var epochScope = torch.NewDisposeScope();
            var permutation = torch.tensor(order);
            var shuffledFeatures = features.index_select(0, permutation);
            var shuffledTargets = targets.index_select(0, permutation);
            for (int start = 0; start < count; start += settings.BatchSize)
            {
                cancellation.ThrowIfCancellationRequested();
                using var step = torch.NewDisposeScope();
                int size = Math.Min(settings.BatchSize, count - start);
                var loss = nn.functional.cross_entropy(probe.forward(shuffledFeatures.narrow(0, start, size)), shuffledTargets.narrow(0, start, size));
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
        }
        using (torch.no_grad())
        {
            var predicted = probe.forward(torch.tensor(testRows, [testLabels.Length, width])).argmax(1).data<long>().ToArray();
            int correct = 0;
            for (int i = 0; i < testLabels.Length; i++)
            {
                correct += predicted[i] == testLabels[i] ? 1 : 0;
            }
            return testLabels.Length == 0 ? 0 : (double)correct / testLabels.Length;
        }
    }
}

/// <summary>Probe training settings.</summary>
internal sealed record ProbeSettings(int Epochs, double LearningRate, int BatchSize, double WeightDecay);
