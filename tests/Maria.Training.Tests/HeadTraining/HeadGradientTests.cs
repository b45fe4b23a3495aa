using Maria.Training.HeadTraining;
using Maria.Training.Tests.Pretraining;
using TorchSharp;

namespace Maria.Training.Tests.HeadTraining;

/// <summary>The head loss's gradient from TorchSharp against the hand-derived one and against finite differences.</summary>
[Collection(TorchCollection.Name)]
public sealed class HeadGradientTests
{
    private const int ArHidden = 3, MlmHidden = 2, Vocabulary = 7, Rows = 5;

    [Fact]
    public void Autograd_matches_the_hand_derived_gradient_of_the_mean_cross_entropy()
    {
        var (head, features, targets) = TinyCase();
        using (head)
        {
            var (weight, bias) = head.ReadWeights();
            using var x = torch.tensor(features, [Rows, ArHidden + MlmHidden]);
            using var y = torch.tensor(targets, [Rows]);
            using var loss = HeadLoss.Sum(head, x, y) / Rows;
            loss.backward();
            var autogradWeight = head.Weight.grad!.data<float>().ToArray();
            var autogradBias = head.Bias.grad!.data<float>().ToArray();

            // dL/dz_r = (softmax(z_r) - onehot(y_r)) / m; dL/dW = sum_r dL/dz_r x_r^T; dL/db = sum_r dL/dz_r.
            int inFeatures = ArHidden + MlmHidden;
            var expectedWeight = new double[Vocabulary * inFeatures];
            var expectedBias = new double[Vocabulary];
            for (int r = 0; r < Rows; r++)
            {
                var logits = new double[Vocabulary];
                for (int v = 0; v < Vocabulary; v++)
                {
                    logits[v] = bias[v];
                    for (int f = 0; f < inFeatures; f++)
                    {
                        logits[v] += weight[v * inFeatures + f] * features[r * inFeatures + f];
                    }
                }
                double max = logits.Max();
                double sum = logits.Sum(z => Math.Exp(z - max));
                for (int v = 0; v < Vocabulary; v++)
                {
                    double delta = (Math.Exp(logits[v] - max) / sum - (v == targets[r] ? 1 : 0)) / Rows;
                    expectedBias[v] += delta;
                    for (int f = 0; f < inFeatures; f++)
                    {
                        expectedWeight[v * inFeatures + f] += delta * features[r * inFeatures + f];
                    }
                }
            }
            for (int i = 0; i < expectedWeight.Length; i++)
            {
                Assert.Equal(expectedWeight[i], autogradWeight[i], 5);
            }
            for (int v = 0; v < Vocabulary; v++)
            {
                Assert.Equal(expectedBias[v], autogradBias[v], 5);
            }
        }
    }

    [Fact]
    public void Autograd_matches_central_finite_differences_in_double_precision()
    {
        var (head, features, targets) = TinyCase();
        using (head)
        {
            head.to(torch.float64);
            using var x = torch.tensor(features.Select(f => (double)f).ToArray(), [Rows, ArHidden + MlmHidden]);
            using var y = torch.tensor(targets, [Rows]);
            using (var loss = HeadLoss.Sum(head, x, y) / Rows)
            {
                loss.backward();
            }
            var gradient = head.Weight.grad!.data<double>().ToArray();
            const double step = 1e-6;
            foreach (int index in new[] { 0, 6, 13, 22, 34 })
            {
                double Loss(double offset)
                {
                    using var _ = torch.no_grad();
                    using var flat = head.Weight.view(-1);
                    double original = flat[index].item<double>();
                    flat[index].fill_(original + offset);
                    using var value = HeadLoss.Sum(head, x, y) / Rows;
                    double result = value.item<double>();
                    flat[index].fill_(original);
                    return result;
                }
                double numeric = (Loss(step) - Loss(-step)) / (2 * step);
                Assert.Equal(numeric, gradient[index], 7);
            }
        }
    }

    private static (LinearHead Head, float[] Features, long[] Targets) TinyCase()
    {
        var random = new Random(5);
        var head = new LinearHead(ArHidden, MlmHidden, Vocabulary);
        head.SetWeights(
            Enumerable.Range(0, Vocabulary * (ArHidden + MlmHidden)).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray(),
            Enumerable.Range(0, Vocabulary).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
        var features = Enumerable.Range(0, Rows * (ArHidden + MlmHidden)).Select(_ => (float)(2 * random.NextDouble() - 1)).ToArray();
        var targets = Enumerable.Range(0, Rows).Select(_ => (long)random.Next(Vocabulary)).ToArray();
        return (head, features, targets);
    }
}
