using Maria.Runtime;
using Maria.Runtime.Scoring;
using Maria.Training.HeadTraining;
using Maria.Training.Tests.Pretraining;
using TorchSharp;

namespace Maria.Training.Tests.HeadTraining;

/// <summary>The loop on a real package exported from the shipped backbones: features, initialisation, accumulation, resume.</summary>
[Collection(TorchCollection.Name)]
public sealed class HeadTrainingRunTests(ShippedBackbonePackage fixture) : IClassFixture<ShippedBackbonePackage>
{
    private static readonly HeadTrainingSettings Settings = new()
    {
        Steps = 4,
        BatchSize = 4,
        MicroBatchSize = 2,
        SequenceLength = 24,
        LearningRate = 3e-3,
        WarmupSteps = 1,
        EvaluateEvery = 2,
        ValidationSequences = 3,
        Seed = 9,
    };

    [Fact]
    public void Product_initialisation_on_extracted_features_reproduces_the_packaged_product_head()
    {
        using var model = MariaModel.Load(fixture.Package);
        var extractor = new HeadFeatureExtractor(model);
        using var head = NewHead(extractor);
        HeadInitialization.LoadProduct(head, fixture.ArCheckpoint, fixture.MlmCheckpoint);
        var tokens = model.Tokenizer.Encode("The state of the Union is strong and the Congress shall meet this year.").ToArray();
        int[] masks = [1, 4, 5, tokens.Length - 1];

        var features = extractor.Extract(tokens, masks);
        var examples = HeadExamples.From([features], extractor.ArHiddenSize, extractor.MlmHiddenSize);
        using var logits = head.forward(examples.FeatureTensor());
        var ours = torch.nn.functional.log_softmax(logits, 1).data<float>().ToArray();
        var packaged = model.ScoreTokens(tokens, masks).LogProbabilities;   // the exporter's product-of-experts head
        for (int k = 0; k < masks.Length; k++)
        {
            Assert.Equal(packaged[k], ours[k * extractor.SharedVocabularySize + tokens[masks[k]]], 3);
        }
        Assert.Equal(masks.Select(m => (int)tokens[m]), features.Targets);
    }

    [Fact]
    public void Feature_extraction_refuses_texts_without_masks_and_ids_outside_the_shared_vocabulary()
    {
        using var model = MariaModel.Load(fixture.Package);
        var extractor = new HeadFeatureExtractor(model);
        int[] tokens = [10, 11, 12, 13];
        Assert.Contains("no masked positions", Assert.Throws<MariaInputException>(() => extractor.Extract(tokens, [])).Message, StringComparison.Ordinal);
        Assert.Contains("outside the shared vocabulary", Assert.Throws<MariaInputException>(
            () => extractor.Extract([10, extractor.SharedVocabularySize, 12], [1])).Message, StringComparison.Ordinal);
        Assert.Contains("increasing positions", Assert.Throws<MariaInputException>(() => extractor.Extract(tokens, [2, 1])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_extracted_in_micro_batches_equal_those_extracted_one_window_at_a_time()
    {
        using var model = MariaModel.Load(fixture.Package, new MariaModelOptions(IntraOpThreads: 1));
        var extractor = new HeadFeatureExtractor(model);
        var texts = Maria.Training.Data.SotuCorpus.ReadTexts(fixture.ValidationData, "--validation");
        // Every window of 24 tokens, with each address's shorter last one: ragged groups of 4.
        var built = HeadWindows.Build(texts, model.Tokenizer, extractor.SharedVocabularySize, 24);
        var windows = Enumerable.Range(0, built.Count).Select(k => built[k]).ToArray();
        var masking = new HeadMasking(2.5, 2.5);
        Assert.True(windows.Length > 8 && windows.Select(w => w.Length).Distinct().Count() > 1, $"the test needs mixed lengths over more than two groups: {string.Join(',', windows.Select(w => w.Length))}");

        var alone = HeadValidationSet.Build(extractor, windows, masking, seed: 3, groupSize: 1, CancellationToken.None);
        var grouped = HeadValidationSet.Build(extractor, windows, masking, seed: 3, groupSize: 4, CancellationToken.None);

        // Bit for bit: padding never reaches a real row, and each row's sums run in the same order at any batch.
        Assert.Equal(alone.Targets, grouped.Targets);
        Assert.Equal(alone.Features, grouped.Features);
    }

    [Fact]
    public void A_resumed_run_reproduces_the_losses_and_weights_of_an_uninterrupted_run()
    {
        string whole = fixture.NewFolder(), split = fixture.NewFolder();
        var (wholeLosses, wholeWeights) = Train(whole, Settings, stopAt: null, resume: false);
        var (firstLosses, _) = Train(split, Settings, stopAt: 2, resume: false);
        var (secondLosses, splitWeights) = Train(split, Settings, stopAt: null, resume: true);

        Assert.Equal(wholeLosses, firstLosses.Concat(secondLosses));
        Assert.Equal(wholeWeights, splitWeights);
        Assert.Equal(File.ReadAllLines(Path.Combine(whole, "training-log.csv")).Select(WithoutTimings),
            File.ReadAllLines(Path.Combine(split, "training-log.csv")).Select(WithoutTimings));
    }

    [Fact]
    public void Micro_batches_accumulate_to_the_gradient_of_the_whole_batch()
    {
        var (oneLosses, oneWeights) = Train(fixture.NewFolder(), Settings with { MicroBatchSize = 4 }, stopAt: 2, resume: false);
        var (manyLosses, manyWeights) = Train(fixture.NewFolder(), Settings with { MicroBatchSize = 1 }, stopAt: 2, resume: false);
        Assert.Equal(oneLosses[0], manyLosses[0], 5);
        Assert.Equal(oneLosses[1], manyLosses[1], 4);
        Assert.Equal(oneWeights.Length, manyWeights.Length);
        Assert.True(oneWeights.Zip(manyWeights).Max(p => Math.Abs(p.First - p.Second)) < 1e-5);
    }

    [Fact]
    public void Training_lowers_the_loss_on_the_training_texts_below_the_product_initialisation()
    {
        string folder = fixture.NewFolder();
        using var model = MariaModel.Load(fixture.Package);
        var extractor = new HeadFeatureExtractor(model);
        using var head = NewHead(extractor);
        HeadInitialization.LoadProduct(head, fixture.ArCheckpoint, fixture.MlmCheckpoint);
        var settings = Settings with { Steps = 12, EvaluateEvery = 12, LearningRate = 3e-4, ValidationSequences = 12 };
        // Validated on the training texts themselves: a few steps on two addresses must fit them, whatever they do to
        // other decades' speeches.
        using var run = NewRun(head, extractor, model, settings, folder, resume: false, validationData: fixture.TrainingData);
        double initial = run.Validate();
        run.Run();
        Assert.True(run.ValidationLoss < initial - 0.01, $"validation loss {run.ValidationLoss} did not fall below the initial {initial}");
    }

    private (float[] Losses, float[] Weights) Train(string folder, HeadTrainingSettings settings, int? stopAt, bool resume)
    {
        torch.set_num_threads(1);
        using var model = MariaModel.Load(fixture.Package, new MariaModelOptions(IntraOpThreads: 1));
        var extractor = new HeadFeatureExtractor(model);
        using var head = NewHead(extractor);
        HeadInitialization.LoadRandom(head, settings.Seed);
        using var run = NewRun(head, extractor, model, settings, folder, resume);
        run.Run(stopAtStep: stopAt);
        return (run.Losses.ToArray(), head.ReadWeights().Weight);
    }

    private HeadTrainingRun NewRun(LinearHead head, HeadFeatureExtractor extractor, MariaModel model, HeadTrainingSettings settings, string folder, bool resume,
        string? validationData = null)
    {
        var texts = Maria.Training.Data.SotuCorpus.ReadTexts(fixture.TrainingData, "--data");
        var training = HeadWindows.Build(texts, model.Tokenizer, extractor.SharedVocabularySize, settings.SequenceLength);
        var validationWindows = HeadWindows.Build(Maria.Training.Data.SotuCorpus.ReadTexts(validationData ?? fixture.ValidationData, "--validation"), model.Tokenizer,
            extractor.SharedVocabularySize, settings.SequenceLength);
        var validation = HeadValidationSet.Build(extractor, validationWindows.EvenlySpaced(settings.ValidationSequences),
            new HeadMasking(settings.MaskRateAlpha, settings.MaskRateBeta), settings.Seed, settings.MicroBatchSize, CancellationToken.None);
        return new HeadTrainingRun(head, settings, extractor, training, validation, folder, new TrainingProgress(TextWriter.Null, false), resume);
    }

    private static LinearHead NewHead(HeadFeatureExtractor extractor)
        => new(extractor.ArHiddenSize, extractor.MlmHiddenSize, extractor.SharedVocabularySize);

    /// <summary>A log row without its wall-clock cells (tokens/s, elapsed) and memory, which differ between runs.</summary>
    private static string WithoutTimings(string line)
    {
        var cells = line.Split(',');
        return string.Join(",", cells.Take(3).Concat(cells.Skip(6)));
    }
}
