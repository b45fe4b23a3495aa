using Maria.Runtime;
using Maria.Runtime.Generation;
using Maria.Runtime.Sampling;

namespace Maria.Cli.Commands.Generate;

/// <summary>Makes one sample (annealed or greedy AR) and scores it with the package's own causal model and the scorer.</summary>
internal sealed class SampleGenerator(MariaModel model, SampleScorer? scorer, GenerationOptions template)
{
    /// <summary>Annealed generation with <paramref name="iterations"/> refinements and <paramref name="seed"/>.</summary>
    public (SampleRecord Sample, bool Cancelled) Anneal(int iterations, ulong seed, Action<GenerationIteration> onIteration, CancellationToken cancellation)
    {
        var result = model.Generate(template with { Iterations = iterations, Seed = seed }, onIteration, cancellation);
        var final = result.Final;
        string method = iterations == 0 ? SweepMethods.Sampled : SweepMethods.Annealed;
        // A cancelled run is scored without the token: the last complete text is what the user gets.
        double? scored = scorer?.LogLikelihood(final.TokenIds, final.PrefixLength, result.Cancelled ? CancellationToken.None : cancellation);
        var sample = new SampleRecord(method, final.Index, seed, final.Text, final.Elapsed.TotalSeconds, template.Length, final.ArLogLikelihood, scored);
        return (sample, result.Cancelled);
    }

    /// <summary>Greedy AR decoding of Length tokens after the prefix (the seed is only recorded).</summary>
    public SampleRecord Greedy(ulong seed, CancellationToken cancellation)
    {
        var prefix = string.IsNullOrEmpty(template.Prefix) ? [] : model.Tokenizer.Encode(template.Prefix).ToArray();
        var decoded = model.Baselines.Autoregressive(prefix, template.Length, SamplingOptions.Greedy, cancellation);
        int[] tokens = [.. prefix, .. decoded.TokenIds];
        var generated = Enumerable.Range(prefix.Length, template.Length).ToArray();
        double own = model.Baselines.AutoregressiveLogProbabilities(tokens, generated, cancellation).Sum();
        double? scored = scorer?.LogLikelihood(tokens, prefix.Length, cancellation);
        return new SampleRecord(SweepMethods.Greedy, null, seed, model.Tokenizer.Decode(tokens), decoded.Elapsed.TotalSeconds, template.Length, own, scored);
    }
}
