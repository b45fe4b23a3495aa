using Maria.Runtime;
using Maria.Runtime.Masking;

namespace Maria.Cli.Commands.Generate;

/// <summary>
/// The external scorer of <c>--scorer PKG</c> (the paper scores generations with a causal model that took no part in
/// sampling): a second package whose causal model gives log p of each generated token after <c>[BOS] prefix</c>.
/// Token ids are passed through unchanged, so the scorer must use the generator's tokenizer; that is checked.
/// </summary>
internal sealed class SampleScorer : IDisposable
{
    private readonly MariaModel scorer;
    private readonly bool owned;

    private SampleScorer(MariaModel scorer, bool owned)
    {
        this.scorer = scorer;
        this.owned = owned;
    }

    public string Directory => scorer.Directory;

    /// <summary>Loads <paramref name="directory"/> and checks that it reads the generator's token ids the same way.</summary>
    public static SampleScorer Open(string directory, MariaModel generator, int threads)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new MariaInputException($"--scorer {directory}: no such package directory; pass a package folder (with maria.json)");
        }
        if (Path.GetFullPath(directory) == Path.GetFullPath(generator.Directory))
        {
            // Scoring with the generator itself (a smoke test): reuse the loaded sessions.
            return new SampleScorer(generator, owned: false);
        }
        var scorer = MariaModel.Load(directory, new MariaModelOptions(IntraOpThreads: threads));
        try
        {
            CheckSameVocabulary(scorer, generator);
            return new SampleScorer(scorer, owned: true);
        }
        catch
        {
            scorer.Dispose();
            throw;
        }
    }

    /// <summary>Sum of log p_scorer(x_i | [BOS] x_1 .. x_{i-1}) over the tokens after the prefix.</summary>
    public double LogLikelihood(IReadOnlyList<int> tokens, int prefixLength, CancellationToken cancellation)
    {
        TextTokens.EnsureFits(tokens.Count, scorer.Baselines.MaxTokens, $"--scorer {Directory}: a sample",
            "use a shorter --length or a scorer with a longer context");
        var positions = Enumerable.Range(prefixLength, tokens.Count - prefixLength).ToArray();
        return scorer.Baselines.AutoregressiveLogProbabilities(tokens, positions, cancellation).Sum();
    }

    public void Dispose()
    {
        if (owned)
        {
            scorer.Dispose();
        }
    }

    private static void CheckSameVocabulary(MariaModel scorer, MariaModel generator)
    {
        int shared = generator.Manifest.Vocabulary.SharedSize;
        if (scorer.Manifest.Vocabulary.SharedSize != shared)
        {
            throw new MariaInputException($"--scorer {scorer.Directory}: its shared vocabulary has {scorer.Manifest.Vocabulary.SharedSize} tokens but the model's has {shared}; score with a package built on the same tokenizer");
        }
        for (int id = 0; id < shared; id++)
        {
            if (scorer.Tokenizer.IdToToken(id) != generator.Tokenizer.IdToToken(id))
            {
                throw new MariaInputException($"--scorer {scorer.Directory}: token {id} is '{scorer.Tokenizer.IdToToken(id)}' there but '{generator.Tokenizer.IdToToken(id)}' in the model; score with a package built on the same tokenizer");
            }
        }
    }
}
