using System.Diagnostics;
using Maria.Runtime.Baselines;
using Maria.Runtime.Infilling;
using Maria.Runtime.Masking;
using Maria.Runtime.Packaging;
using Maria.Runtime.Sampling;
using Maria.Runtime.Tokenization;

namespace Maria.Runtime.Generation;

/// <summary>
/// One annealed generation (maria-method.md §7), advanced one iteration at a time so that the blocking and the
/// streaming entry points share it. Iteration 0 samples <c>Length</c> tokens from the causal model at temperature 1
/// after <c>[BOS] prefix</c>; iteration k = 1..K re-masks max(1, round(f * Length)) generated positions uniformly at
/// random (never the prefix) and refills them with MARIA's Algorithm 1 at temperature T_k. Each iteration works on a
/// copy, so a cancelled iteration leaves the last complete text intact. Not thread-safe; one run per call.
/// </summary>
internal sealed class AnnealingRun
{
    private readonly GenerationOptions options;
    private readonly MariaBaselines baselines;
    private readonly InfillEngine engine;
    private readonly HuggingFaceTokenizer tokenizer;
    private readonly int[] prefix;
    private readonly int[] generatedPositions;
    private readonly Stopwatch generationClock = new();
    private int[] tokens = [];
    private int next;

    private AnnealingRun(GenerationOptions options, MariaBaselines baselines, InfillEngine engine, HuggingFaceTokenizer tokenizer, int[] prefix)
    {
        this.options = options;
        this.baselines = baselines;
        this.engine = engine;
        this.tokenizer = tokenizer;
        this.prefix = prefix;
        generatedPositions = Enumerable.Range(prefix.Length, options.Length).ToArray();
    }

    /// <summary>True while an iteration (0..K) remains.</summary>
    public bool HasNext => next <= options.Iterations;

    /// <summary>Validates the options against the package (prefix tokens, context) and prepares the run.</summary>
    public static AnnealingRun Create(GenerationOptions options, PackageManifest manifest, MariaBaselines baselines, InfillEngine engine, HuggingFaceTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var prefix = EncodePrefix(options.Prefix, manifest.Vocabulary, tokenizer);
        TextTokens.EnsureFits(prefix.Length + options.Length, baselines.MaxTokens,
            $"a prefix of {prefix.Length} tokens plus {options.Length} generated tokens", "shorten the prefix or the length");
        return new AnnealingRun(options, baselines, engine, tokenizer, prefix);
    }

    /// <summary>Runs the next iteration to completion, or throws <see cref="OperationCanceledException"/> leaving the state as it was.</summary>
    public GenerationIteration Advance(CancellationToken cancellation)
    {
        if (!HasNext)
        {
            throw new InvalidOperationException("every iteration has run");
        }
        cancellation.ThrowIfCancellationRequested();
        int k = next;
        int[] candidate;
        int[] remasked;
        double temperature;
        generationClock.Start();
        try
        {
            (candidate, remasked, temperature) = k == 0 ? Draft(cancellation) : Refine(k, cancellation);
        }
        finally
        {
            generationClock.Stop();
        }
        var elapsed = generationClock.Elapsed;
        double logLikelihood = baselines.AutoregressiveLogProbabilities(candidate, generatedPositions, cancellation).Sum();
        // Only now is the iteration complete: commit it.
        tokens = candidate;
        next++;
        return new GenerationIteration(k, temperature, tokenizer.Decode(candidate), candidate, prefix.Length, remasked, logLikelihood, elapsed);
    }

    /// <summary>Iteration 0: [BOS] prefix, then Length tokens sampled from the causal model at temperature 1.</summary>
    private (int[] Tokens, int[] Remasked, double Temperature) Draft(CancellationToken cancellation)
    {
        var sampling = new SamplingOptions(Temperature: 1f, Seed: GenerationSeeds.Draft(options.Seed));
        var draft = baselines.Autoregressive(prefix, options.Length, sampling, cancellation);
        return ([.. prefix, .. draft.TokenIds], [], 1.0);
    }

    /// <summary>Iteration k: re-mask RemaskCount generated positions uniformly at random and refill them with MARIA at T_k.</summary>
    private (int[] Tokens, int[] Remasked, double Temperature) Refine(int k, CancellationToken cancellation)
    {
        double temperature = options.Schedule.TemperatureAt(k, options.Iterations);
        var masks = DrawPositions(GenerationSeeds.Positions(options.Seed, k));
        var candidate = (int[])tokens.Clone();
        var sampling = new SamplingOptions(Temperature: (float)temperature, Seed: GenerationSeeds.Sampler(options.Seed, k));
        engine.InfillTokens(candidate, masks, sampling, reuseCache: true, null, cancellation);
        return (candidate, masks, temperature);
    }

    /// <summary>RemaskCount distinct generated positions by the project's mask rule (<see cref="MaskRule.Choose"/>), increasing.</summary>
    private int[] DrawPositions(SeededRandom random) =>
        [.. MaskRule.Choose(generatedPositions.Length, options.RemaskCount, random).Select(j => generatedPositions[j])];

    private static int[] EncodePrefix(string? text, VocabularyManifest vocabulary, HuggingFaceTokenizer tokenizer)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        var encoded = tokenizer.EncodeWithOffsets(text);
        var ids = new int[encoded.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = encoded[i].Id;
            if (!TextTokens.IsText(ids[i], vocabulary.SharedSize))
            {
                throw new MariaInputException($"the prefix contains the special token '{encoded[i].Token}' at character {encoded[i].Start}; a prefix is plain text, remove it");
            }
        }
        return ids;
    }
}
