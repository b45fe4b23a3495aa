using Maria.Runtime.Baselines;
using Maria.Runtime.Infilling;
using Maria.Runtime.Sampling;

namespace Maria.Runtime.Blanks;

/// <summary>
/// Writes the candidate fills of one slot for every hypothesis of the beam and every candidate length: with MARIA, one
/// batched run in which each (hypothesis, length) is its own text, so each length gets its own MLM pass over a text
/// with that many masks (one encoder call for all of them); with the causal model, one constrained greedy continuation
/// of the longest length per hypothesis, whose prefixes are the shorter candidates (greedy choices do not look ahead).
/// </summary>
internal sealed class BlankProposals(BatchInfillEngine batches, AutoregressiveGenerator autoregressive, WordShapes shapes, int maskId, int vocabularySize)
{
    public List<Proposal> Propose(IReadOnlyList<BlankHypothesis> beam, BlankSlot slot, Func<BlankHypothesis, IReadOnlyList<int>> lengths,
        BlankOptions options, SamplingOptions sampling, BlankSearchCost cost, CancellationToken cancellation)
    {
        var proposals = new List<Proposal>();
        if (options.Proposer == BlankProposer.CausalModel)
        {
            foreach (var hypothesis in beam)
            {
                var candidateLengths = lengths(hypothesis);
                int longest = candidateLengths.Max();
                var prefix = hypothesis.Tokens[..hypothesis.Starts[hypothesis.NextSlot]];
                var generated = autoregressive.Generate(prefix, longest, sampling, shapes.For(slot, longest), cancellation);
                cost.Add(generated);
                foreach (int length in candidateLengths)
                {
                    proposals.Add(new Proposal(hypothesis, [.. generated.TokenIds.Take(length)], [.. generated.Probabilities.Take(length)]));
                }
            }
            return proposals;
        }
        // Round r fills every (hypothesis, length) again with its first token barred from the r earlier rounds' choices:
        // the r-th best first token (under the shape), continued greedily; a blank with L > 1 often needs a word piece
        // that is not the head's first choice when it believes the word ends there.
        var owners = new List<(BlankHypothesis Hypothesis, int Length, AllowedTokens?[] Allowed)>();
        foreach (var hypothesis in beam)
        {
            foreach (int length in lengths(hypothesis))
            {
                owners.Add((hypothesis, length, shapes.For(slot, length)));
            }
        }
        for (int round = 0; round < options.FirstTokenAlternatives; round++)
        {
            var jobs = owners.Select(o => new InfillJob(o.Hypothesis.WithNextSlot(Enumerable.Repeat(maskId, o.Length).ToArray()),
                [.. Enumerable.Range(o.Hypothesis.Starts[o.Hypothesis.NextSlot], o.Length)], sampling, null, o.Allowed)).ToList();
            var outcomes = new InfillOutcome[jobs.Count];
            batches.Run(jobs, jobs.Count, reuseCache: true, outcome => outcomes[outcome.Index] = outcome, cancellation);
            cost.Add(outcomes);
            for (int j = 0; j < jobs.Count; j++)
            {
                var filled = outcomes[j].Error is { } error ? throw error : outcomes[j].Result!.Tokens;
                proposals.Add(new Proposal(owners[j].Hypothesis, [.. filled.Select(t => t.TokenId)], [.. filled.Select(t => t.Probability)]));
                var first = owners[j].Allowed;
                first[0] = (first[0] ?? AllowedTokens.All(vocabularySize)).Without(filled[0].TokenId);
            }
        }
        return proposals;
    }
}

/// <summary>A candidate fill of the next slot of <paramref name="Parent"/>, with the proposer's probability of each token.</summary>
internal sealed record Proposal(BlankHypothesis Parent, int[] Fill, float[] Probabilities);
