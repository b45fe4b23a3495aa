using Maria.Runtime.Masking;
using Maria.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.Pretraining;

/// <summary>
/// Scores the model on the validation windows without touching any training state. Causal: mean next-token loss
/// and perplexity. Masked: at 15% and 30% masking, accuracy and perplexity on the masked tokens, with every selected
/// position replaced by [MASK] (the infilling situation) and masks fixed by <see cref="MaskSeed"/> so that every
/// evaluation of every run sees the same masks.
/// </summary>
internal sealed class Evaluator(PretrainingBatchBuilder validation, int windowCount, int batchSize)
{
    /// <summary>The fixed seed of the validation masks.</summary>
    public const long MaskSeed = 20250206;

    /// <summary>The masking rates reported for masked models.</summary>
    public static readonly IReadOnlyList<double> MaskRates = [0.15, 0.30];

    /// <summary>Metric names, in the order <see cref="Evaluate"/> returns them.</summary>
    public IReadOnlyList<string> MetricNames => validation.Objective == PretrainingObjective.CausalLanguageModel
        ? ["validation_loss", "validation_perplexity"]
        : MaskRates.SelectMany(r => new[] { FormattableString.Invariant($"masked{r * 100:0}_accuracy"), FormattableString.Invariant($"masked{r * 100:0}_perplexity") }).ToArray();

    /// <summary>Runs the evaluation; returns one value per <see cref="MetricNames"/> entry.</summary>
    public IReadOnlyList<double> Evaluate(IPretrainingModel model)
    {
        bool wasTraining = model.Module.training;
        model.Module.eval();
        try
        {
            using var noGrad = torch.no_grad();
            if (validation.Objective == PretrainingObjective.CausalLanguageModel)
            {
                var (loss, _) = Score(model, rate: null);
                return [loss, Math.Exp(loss)];
            }
            var metrics = new List<double>();
            foreach (double rate in MaskRates)
            {
                var (loss, accuracy) = Score(model, rate);
                metrics.Add(accuracy);
                metrics.Add(Math.Exp(loss));
            }
            return metrics;
        }
        finally
        {
            model.Module.train(wasTraining);
        }
    }

    /// <summary>Mean cross-entropy and top-1 accuracy over every labelled validation position.</summary>
    private (double Loss, double Accuracy) Score(IPretrainingModel model, double? rate)
    {
        double totalLoss = 0;
        long correct = 0, labelled = 0;
        for (int start = 0; start < windowCount; start += batchSize)
        {
            int[] indices = Enumerable.Range(start, Math.Min(batchSize, windowCount - start)).ToArray();
            // One generator per first window, so a window's mask does not depend on the batch size.
            var random = SeededRandom.For(MaskSeed, FormattableString.Invariant($"validation-{rate:0.00}"), start);
            var batch = validation.Build(indices, random, rate);
            using var scope = torch.NewDisposeScope();
            var inputIds = torch.tensor(batch.InputIds, [batch.BatchSize, batch.SequenceLength]);
            var labels = torch.tensor(batch.Labels, [batch.BatchSize * batch.SequenceLength]);
            var logits = model.Logits(inputIds);
            var flat = logits.view(-1, logits.shape[^1]);                          // [B*T, V]
            var summed = nn.functional.cross_entropy(flat, labels, ignore_index: MaskedLanguageModelMasker.IgnoredLabel,
                reduction: nn.Reduction.Sum);
            var isLabelled = labels.ne(MaskedLanguageModelMasker.IgnoredLabel);
            var hits = flat.argmax(1).eq(labels).logical_and(isLabelled);
            totalLoss += summed.item<float>();
            correct += hits.sum().item<long>();
            labelled += isLabelled.sum().item<long>();
        }
        return labelled == 0 ? (double.NaN, double.NaN) : (totalLoss / labelled, (double)correct / labelled);
    }
}
