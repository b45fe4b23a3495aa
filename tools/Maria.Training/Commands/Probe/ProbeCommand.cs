using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CommandLine;
using Maria.Runtime;
using Maria.Tools.Common;
using Maria.Training.Data;
using Maria.Training.Probing;

namespace Maria.Training.Commands.Probe;

/// <summary>
/// <c>maria-train probe</c>: the paper's Table 3 at this project's scale - linear part-of-speech probes on a package's
/// per-token representations (u, v, [v ; u] and width controls), several seeds each, test accuracy +- spread.
/// </summary>
[Verb("probe", HelpText = "Train linear part-of-speech probes on a package's representations (u, v, [v ; u], controls) and report test accuracy per representation over seeds (the paper's Table 3).")]
internal sealed class ProbeCommand : ICommand
{
    [Option("model", Required = true, HelpText = "The MARIA package whose graphs compute the representations (e.g. models/maria-tiny).")]
    public string Model { get; set; } = string.Empty;

    [Option("train", Required = true, HelpText = "Tagged training sentences (tools/data/fetch-pos-tagger.sh: data/pos/train.jsonl, years 1790-2004).")]
    public string Train { get; set; } = string.Empty;

    [Option("test", Required = true, HelpText = "Tagged test sentences (data/pos/validation.jsonl, years 2005-2012).")]
    public string Test { get; set; } = string.Empty;

    [Option("representations", Separator = ',', HelpText = "Any of mlm, ar, ar-head, maria, maria-after, maria-projected, mlm-noise (default: all).")]
    public IEnumerable<string> Representations { get; set; } = [];

    [Option("seeds", Separator = ',', Default = new[] { 1, 2, 3 }, HelpText = "Probe seeds (initialisation and minibatch order).")]
    public IEnumerable<int> Seeds { get; set; } = [1, 2, 3];

    [Option("lr", Separator = ',', Default = new[] { 1e-4 }, HelpText = "AdamW learning rate; a list is a sweep, each representation taking the rate with the best accuracy on --held-out of the training sentences (first seed).")]
    public IEnumerable<double> LearningRates { get; set; } = [1e-4];

    [Option("epochs", Default = 10, HelpText = "Passes over the training words.")]
    public int Epochs { get; set; } = 10;

    [Option("batch-size", Default = 64, HelpText = "Words per optimizer step.")]
    public int BatchSize { get; set; } = 64;

    [Option("weight-decay", Default = 0.01, HelpText = "AdamW weight decay.")]
    public double WeightDecay { get; set; } = 0.01;

    [Option("held-out", Default = 0.1, HelpText = "Fraction of the training sentences held out to choose the learning rate (used only with several --lr).")]
    public double HeldOut { get; set; } = 0.1;

    [Option("extract-batch", Default = 16, HelpText = "Sentences per encoder and decoder call while extracting representations.")]
    public int ExtractBatch { get; set; } = 16;

    // A probe step multiplies a [64, 512] batch by a [512, classes] matrix: too little work to share between threads,
    // and on a busy machine every op then waits for its threads (measured 10x slower wall time with 2 threads).
    [Option("threads", Default = 1, HelpText = "Threads for TorchSharp and each ONNX Runtime call (0 = one per core).")]
    public int Threads { get; set; } = 1;

    [Option("json", HelpText = "Also write the results (every seed's accuracy, chosen rates, sweep) as JSON.")]
    public string? Json { get; set; }

    public int Execute(CommandContext context)
    {
        var names = Representations.Any() ? Representations.ToArray() : ProbeRepresentation.All;
        foreach (string name in names)
        {
            ProbeRepresentation.Describe(name);
        }
        var seeds = Seeds.ToArray();
        var rates = LearningRates.ToArray();
        if (seeds.Length == 0 || rates.Length == 0 || rates.Any(r => r <= 0) || Epochs < 1 || BatchSize < 1 || ExtractBatch < 1 || HeldOut is <= 0 or >= 1)
        {
            throw new UsageException("--seeds and --lr need at least one value (rates > 0); --epochs, --batch-size and --extract-batch at least 1; --held-out between 0 and 1");
        }
        var train = PosSentence.ReadAll(Train, "--train");
        var test = PosSentence.ReadAll(Test, "--test");
        var labels = train.SelectMany(s => s.Tags).Distinct().Order(StringComparer.Ordinal).Select((tag, i) => (tag, i)).ToDictionary(p => p.tag, p => p.i);
        int threads = Threads > 0 ? Threads : Environment.ProcessorCount;
        TorchSharp.torch.set_num_threads(threads);
        using var model = MariaModel.Load(Model, new MariaModelOptions(IntraOpThreads: threads));
        var clock = Stopwatch.StartNew();

        // Held-out sentences (seeded choice) for the rate sweep; the final probes train on every training sentence.
        var order = Enumerable.Range(0, train.Count).ToArray();
        DeterministicRandom.For(seeds[0], "probe-held-out", 0).Shuffle(order.AsSpan());
        int heldCount = rates.Length > 1 ? Math.Max(1, (int)(train.Count * HeldOut)) : 0;
        var held = order.Take(heldCount).Order().Select(i => train[i]).ToList();
        var fit = order.Skip(heldCount).Order().Select(i => train[i]).ToList();
        var fitWords = Extract(model, fit, labels, 1, "training", context, clock);
        var heldWords = held.Count > 0 ? Extract(model, held, labels, 2, "held-out", context, clock) : null;
        var testWords = Extract(model, test, labels, 3, "test", context, clock);
        var allTrain = heldWords is null ? fitWords : ProbeWords.Concat(fitWords, heldWords);
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"words: {allTrain.Count} training ({train.Count} sentences), {testWords.Count} test ({test.Count} sentences), {labels.Count} tags; unseen test tags: {testWords.Labels.Count(l => l < 0)} words"));

        var results = new List<ProbeResult>();
        foreach (string name in names)
        {
            var sweep = new List<(double Rate, double Accuracy)>();
            double rate = rates[0];
            if (rates.Length > 1)
            {
                var (fitRows, width) = ProbeRepresentation.Build(name, fitWords, seeds[0]);
                var (heldRows, _) = ProbeRepresentation.Build(name, heldWords!, seeds[0]);
                foreach (double candidate in rates)
                {
                    double accuracy = LinearProbe.TrainAndTest(fitRows, fitWords.Labels, heldRows, heldWords!.Labels, width, labels.Count, Settings(candidate), seeds[0], context.Cancellation);
                    sweep.Add((candidate, accuracy));
                    context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sweep {name} lr {candidate:G3}: held-out accuracy {accuracy:F4} ({clock.Elapsed:hh\\:mm\\:ss})"));
                }
                rate = sweep.MaxBy(s => s.Accuracy).Rate;
            }
            var accuracies = new List<double>();
            int finalWidth = 0;
            foreach (int seed in seeds)
            {
                var (trainRows, width) = ProbeRepresentation.Build(name, allTrain, seed);
                var (testRows, _) = ProbeRepresentation.Build(name, testWords, seed);
                finalWidth = width;
                accuracies.Add(LinearProbe.TrainAndTest(trainRows, allTrain.Labels, testRows, testWords.Labels, width, labels.Count, Settings(rate), seed, context.Cancellation));
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} seed {seed} lr {rate:G3}: test accuracy {accuracies[^1]:F4} ({clock.Elapsed:hh\\:mm\\:ss})"));
            }
            results.Add(new ProbeResult(name, ProbeRepresentation.Describe(name), finalWidth, rate, accuracies, sweep.Select(s => new ProbeSweepPoint(s.Rate, s.Accuracy)).ToList()));
        }
        WriteTable(context.Out, results, seeds.Length);
        if (Json is not null)
        {
            File.WriteAllText(Json, JsonSerializer.Serialize(new
            {
                model = Model, train = Train, test = Test, trainWords = allTrain.Count, testWords = testWords.Count, tags = labels.Count,
                epochs = Epochs, batchSize = BatchSize, weightDecay = WeightDecay, heldOut = rates.Length > 1 ? HeldOut : 0, seeds, results,
            }, new JsonSerializerOptions { WriteIndented = true }));
        }
        return ExitCodes.Success;
    }

    private ProbeSettings Settings(double rate) => new(Epochs, rate, BatchSize, WeightDecay);

    private ProbeWords Extract(MariaModel model, List<PosSentence> sentences, Dictionary<string, int> labels, int salt, string what, CommandContext context, Stopwatch clock)
    {
        var words = ProbeWords.Extract(model, sentences, labels, ExtractBatch, salt, done =>
        {
            if (done % (ExtractBatch * 64) < ExtractBatch || done == sentences.Count)
            {
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"representations ({what}): {done}/{sentences.Count} sentences ({clock.Elapsed:hh\\:mm\\:ss})"));
            }
        }, context.Cancellation);
        return words;
    }

    private static void WriteTable(TextWriter output, List<ProbeResult> results, int seeds)
    {
        output.WriteLine($"| representation | width | lr | accuracy (mean +- sd over {seeds} seeds) | per seed |");
        output.WriteLine("|---|---|---|---|---|");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name}: {r.Description} | {r.Width} | {r.LearningRate:G3} | {r.Mean:F4} +- {r.StandardDeviation:F4} | {string.Join(", ", r.Accuracies.Select(a => a.ToString("F4", CultureInfo.InvariantCulture)))} |"));
        }
    }
}

/// <summary>One representation's probe results.</summary>
internal sealed record ProbeResult(string Name, string Description, int Width, double LearningRate, List<double> Accuracies, List<ProbeSweepPoint> Sweep)
{
    public double Mean => Accuracies.Average();

    /// <summary>Sample standard deviation over seeds (0 for one seed).</summary>
    public double StandardDeviation => Accuracies.Count < 2 ? 0 : Math.Sqrt(Accuracies.Sum(a => (a - Mean) * (a - Mean)) / (Accuracies.Count - 1));
}

/// <summary>One learning rate of the sweep and its held-out accuracy.</summary>
internal sealed record ProbeSweepPoint(double LearningRate, double Accuracy);
