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
internal sealed class BlankProposals(BatchInfillEngine batches, AutoregressiveGenerator autoregressive, WordShapes shapes, int maskId)
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
        var jobs = new List<InfillJob>();
        var owners = new List<(BlankHypothesis Hypothesis, int Length)>();
        foreach (var hypothesis in beam)
        {
            int start = hypothesis.Starts[hypothesis.NextSlot];
            foreach (int length in lengths(hypothesis))
            {
                var tokens = hypothesis.WithNextSlot(Enumerable.Repeat(maskId, length).ToArray());
                jobs.Add(new InfillJob(tokens, [.. Enumerable.Range(start, length)], sampling, null, shapes.For(slot, length)));
                owners.Add((hypothesis, length));
            }
        }
        var outcomes = new InfillOutcome[jobs.Count];
        batches.Run(jobs, jobs.Count, reuseCache: true, outcome => outcomes[outcome.Index] = outcome, cancellation);
        cost.Add(outcomes);
        for (int j = 0; j < jobs.Count; j++)
        {
            var filled = outcomes[j].Error is { } error ? throw error : outcomes[j].Result!.Tokens;
            proposals.Add(new Proposal(owners[j].Hypothesis, [.. filled.Select(t => t.TokenId)], [.. filled.Select(t => t.Probability)]));
        }
        return proposals;
    }
}

/// <summary>A candidate fill of the next slot of <paramref name="Parent"/>, with the proposer's probability of each token.</summary>
internal sealed record Proposal(BlankHypothesis Parent, int[] Fill, float[] Probabilities);
