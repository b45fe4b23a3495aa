using System.Diagnostics;
using Maria.Runtime.Baselines;
using Maria.Runtime.Blanks;
using Maria.Runtime.Inference;
using Maria.Runtime.Scoring;

namespace Maria.Runtime.Infilling;

/// <summary>Texts with <c>[WORD]</c> / <c>[BLANK]</c> blanks: routed to <see cref="BlankSearch"/> (docs/BLANKS.md).</summary>
internal sealed partial class InfillEngine
{
    private readonly Lazy<BlankSearch> blankSearch;

    /// <summary>Fills the blanks (and any [MASK]s) of <paramref name="text"/>, choosing each blank's length.</summary>
    /// <exception cref="MariaInputException">A bad marker, bad options, or a text the context cannot hold.</exception>
    public InfillResult InfillBlanks(string text, InfillOptions options, CancellationToken cancellation) =>
        InfillBlanksWithTokens(text, options, cancellation).Result;

    /// <summary>As <see cref="InfillBlanks(string, InfillOptions, CancellationToken)"/>, with the completed token sequence (for streaming).</summary>
    public (InfillResult Result, int[] Tokens) InfillBlanksWithTokens(string text, InfillOptions options, CancellationToken cancellation)
    {
        var total = Stopwatch.StartNew();
        var template = BlankTemplate.Parse(text, tokenizer, manifest.Vocabulary);
        var tokenize = total.Elapsed;
        var search = blankSearch.Value.Run(template, options.Blanks, options.EffectiveSampling, cancellation);
        var cost = search.Cost;
        var timings = new InfillTimings(tokenize, cost.Encoder, cost.Prefill, cost.Steps, cost.Sampling, total.Elapsed, cost.DecoderCalls);
        return (new InfillResult(text, tokenizer.Decode(search.Tokens), search.Filled, timings, []) { Blanks = search.Blanks }, search.Tokens);
    }

    /// <summary>One text of a batch with blanks: searched on its own now (its errors go to <paramref name="onResult"/> like any other).</summary>
    private void InfillBlanks(int index, string text, InfillOptions options, Action<int, InfillResult?, MariaInputException?> onResult, CancellationToken cancellation)
    {
        InfillResult result;
        try
        {
            result = InfillBlanks(text, options, cancellation);
        }
        catch (MariaInputException e)
        {
            onResult(index, null, e);
            return;
        }
        onResult(index, result, null);
    }

    private BlankSearch CreateBlankSearch(EncoderSession encoder, DecoderSession decoder)
    {
        var shapes = WordShapes.Build(tokenizer, manifest.Vocabulary.SharedSize);
        var proposals = new BlankProposals(batches, new AutoregressiveGenerator(manifest.Vocabulary, decoder), shapes, manifest.Vocabulary.MaskId, manifest.Vocabulary.SharedSize);
        return new BlankSearch(manifest, tokenizer, proposals, new Scorer(manifest, encoder, decoder));
    }
}
