namespace Maria.Runtime;

/// <summary>How <c>[WORD]</c> and <c>[BLANK]</c> are filled (docs/BLANKS.md).</summary>
/// <param name="MaxTokens">Longest candidate fill in tokens, N (default 4: measured, docs/BENCHMARKS.md "Blanks of unknown length").</param>
/// <param name="BeamWidth">Partial fillings kept after each blank, left to right.</param>
/// <param name="FixedLength">When set, every blank gets exactly this many tokens (the fixed-length and oracle baselines).</param>
/// <param name="Proposer">Which model writes each candidate.</param>
/// <param name="Scoring">How candidates of different lengths are compared.</param>
/// <param name="FirstTokenAlternatives">MARIA candidates per length: the best first token and the next ones, each continued greedily (one more batched run each).</param>
public sealed record BlankOptions(int MaxTokens = BlankOptions.DefaultMaxTokens, int BeamWidth = 2, int? FixedLength = null,
    BlankProposer Proposer = BlankProposer.Maria, BlankScoring Scoring = BlankScoring.CausalJoint, int FirstTokenAlternatives = 1)
{
    /// <summary>The default longest fill: word and phrase accuracy stopped improving at 4 tokens on validation windows.</summary>
    public const int DefaultMaxTokens = 4;

    /// <summary>The defaults.</summary>
    public static BlankOptions Default { get; } = new();

    /// <summary>Throws <see cref="MariaInputException"/> with a one-line message naming the bad value.</summary>
    public void Validate()
    {
        if (MaxTokens < 1)
        {
            throw new MariaInputException($"--max-blank-tokens {MaxTokens}: a blank holds at least one token; give 1 or more");
        }
        if (BeamWidth < 1)
        {
            throw new MariaInputException($"--blank-beam {BeamWidth}: the search keeps at least one filling; give 1 or more");
        }
        if (FirstTokenAlternatives < 1)
        {
            throw new MariaInputException($"--blank-first-tokens {FirstTokenAlternatives}: each length needs at least one candidate; give 1 or more");
        }
        if (FixedLength is < 1)
        {
            throw new MariaInputException($"a fixed blank length of {FixedLength} tokens is impossible; give 1 or more");
        }
    }
}
