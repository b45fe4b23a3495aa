using Maria.Runtime.Infilling;
using Maria.Runtime.Masking;
using Maria.Runtime.Numerics;
using Maria.Runtime.Packaging;
using Maria.Runtime.Sampling;
using Maria.Runtime.Scoring;
using Maria.Runtime.Tokenization;

namespace Maria.Runtime.Blanks;

/// <summary>
/// Fills the slots of a <see cref="BlankTemplate"/> left to right with a beam (docs/BLANKS.md): at each slot, every
/// kept partial filling tries every candidate length (1..N, or the fixed one; a [MASK] slot only 1), the proposer
/// writes one fill per (filling, length) under the word-shape constraints, each candidate is scored on one scale
/// (<see cref="BlankScoring"/>), and the best <see cref="BlankOptions.BeamWidth"/> fillings go on. Cost per slot: one
/// batched MARIA run (one encoder call, about N + 1 decoder calls, B·N rows) and one teacher-forced decoder call;
/// then one encoder and one decoder call for the reported log-probabilities.
/// </summary>
internal sealed class BlankSearch(PackageManifest manifest, HuggingFaceTokenizer tokenizer, BlankProposals proposals, Scorer scorer)
{
    private int ContextTokens => TextTokens.ContextLimit(manifest);

    public BlankSearchResult Run(BlankTemplate template, BlankOptions options, SamplingOptions sampling, CancellationToken cancellation)
    {
        options.Validate();
        CheckFits(template);
        var cost = new BlankSearchCost();
        var beam = new List<BlankHypothesis> { BlankHypothesis.Start(template) };
        for (int s = 0; s < template.Slots.Length; s++)
        {
            cancellation.ThrowIfCancellationRequested();
            var slot = template.Slots[s];
            var candidates = proposals.Propose(beam, slot, h => Lengths(slot, h, options), options, sampling, cost, cancellation);
            var scores = Score(candidates, options.Scoring, cost, cancellation);
            beam = Select(candidates, scores, options.BeamWidth);
        }
        return Finish(template, beam[0], cost, cancellation);
    }

    /// <summary>The candidate lengths of <paramref name="slot"/> that still fit the context with every later slot at one token.</summary>
    private List<int> Lengths(BlankSlot slot, BlankHypothesis hypothesis, BlankOptions options)
    {
        int room = ContextTokens - hypothesis.Tokens.Length + 1;
        if (slot.Kind is null)
        {
            return [1];
        }
        if (options.FixedLength is { } fixedLength)
        {
            return fixedLength <= room ? [fixedLength]
                : throw new MariaInputException($"a blank of {fixedLength} tokens at token {hypothesis.Starts[hypothesis.NextSlot]} does not fit the model's context of {ContextTokens} text tokens; shorten the text or the blank");
        }
        return [.. Enumerable.Range(1, Math.Min(options.MaxTokens, room))];
    }

    /// <summary>
    /// Each candidate's score: its parent's score plus the causal model's exact log-likelihood of the text from the
    /// slot (CausalJoint) or from after the fill (MariaPlusSuffix, which adds MARIA's log p of the fill) up to the
    /// next undecided slot. All candidates in one teacher-forced decoder call (one cache slot each).
    /// </summary>
    private double[] Score(List<Proposal> candidates, BlankScoring scoring, BlankSearchCost cost, CancellationToken cancellation)
    {
        var texts = new List<ScoringText>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var parent = candidate.Parent;
            int start = parent.Starts[parent.NextSlot] + (scoring == BlankScoring.CausalJoint ? 0 : candidate.Fill.Length);
            int end = parent.ScoredEnd(candidate.Fill.Length);
            texts.Add(new ScoringText(parent.WithNextSlot(candidate.Fill), [.. Enumerable.Range(start, end - start)]));
        }
        var passes = cost.Scoring(false, () => scorer.TeacherForced(texts, TeacherForcedOutputs.Autoregressive, cancellation));
        var scores = new double[candidates.Count];
        for (int c = 0; c < candidates.Count; c++)
        {
            double score = candidates[c].Parent.Score;
            var (tokens, positions) = (texts[c].Tokens, texts[c].Masks);
            for (int k = 0; k < positions.Length; k++)
            {
                score += LogSoftmax.At(passes.AutoregressiveLogits(c, k), tokens[positions[k]], positions[k]);
            }
            if (scoring == BlankScoring.MariaPlusSuffix)
            {
                score += candidates[c].Probabilities.Sum(p => Math.Log(Math.Max(p, float.Epsilon)));
            }
            scores[c] = score;
        }
        return scores;
    }

    /// <summary>The best <paramref name="width"/> distinct fillings; each remembers its siblings (same parent) as the slot's alternatives.</summary>
    private List<BlankHypothesis> Select(List<Proposal> candidates, double[] scores, int width)
    {
        var ranked = Enumerable.Range(0, candidates.Count).OrderByDescending(c => scores[c]).ThenBy(c => c).ToList();
        var alternatives = candidates.Select(c => c.Parent).Distinct().ToDictionary(p => p, p => (IReadOnlyList<BlankCandidate>)ranked
            .Where(c => candidates[c].Parent == p)
            .Select(c => new BlankCandidate(candidates[c].Fill, tokenizer.Decode(candidates[c].Fill), scores[c]))
            .DistinctBy(c => string.Join(',', c.TokenIds))
            .ToList());
        var kept = new List<BlankHypothesis>(width);
        var seen = new HashSet<string>();
        foreach (int c in ranked)
        {
            var candidate = candidates[c];
            var extended = candidate.Parent.Extend(candidate.Fill, candidate.Probabilities, scores[c], alternatives[candidate.Parent]);
            if (seen.Add(string.Join(',', extended.Tokens)))
            {
                kept.Add(extended);
            }
            if (kept.Count == width)
            {
                break;
            }
        }
        return kept;
    }

    /// <summary>The winning filling with MARIA's exact teacher-forced log p of every fill (one encoder and one decoder call).</summary>
    private BlankSearchResult Finish(BlankTemplate template, BlankHypothesis best, BlankSearchCost cost, CancellationToken cancellation)
    {
        var positions = template.Slots.Select((_, s) => Enumerable.Range(best.Starts[s], best.Fills[s].Length)).SelectMany(p => p).ToArray();
        var logProbabilities = cost.Scoring(true, () => scorer.LogProbabilities(best.Tokens, positions, cancellation));
        var tokens = new List<FilledToken>(positions.Length);
        var blanks = new List<FilledBlank>();
        int k = 0;
        for (int s = 0; s < template.Slots.Length; s++)
        {
            var slotTokens = new List<FilledToken>();
            double logProbability = 0;
            for (int j = 0; j < best.Fills[s].Length; j++, k++)
            {
                int id = best.Fills[s][j];
                var filled = new FilledToken(k, positions[k], id, tokenizer.Decode([id]), best.Probabilities[s][j]);
                slotTokens.Add(filled);
                tokens.Add(filled);
                logProbability += logProbabilities[k];
            }
            if (template.Slots[s].Kind is { } kind)
            {
                blanks.Add(new FilledBlank(blanks.Count, kind, best.Starts[s], slotTokens, tokenizer.Decode(best.Fills[s]), logProbability, best.Alternatives[s]));
            }
        }
        return new BlankSearchResult(best.Tokens, tokens, blanks, cost);
    }

    private void CheckFits(BlankTemplate template)
    {
        if (template.Tokens.Length <= ContextTokens)
        {
            return;
        }
        int blanks = template.Slots.Count(s => s.Kind is not null);
        throw new MariaInputException(template.Tokens.Length - blanks <= ContextTokens
            ? $"the text has {blanks} blanks; at one token each it is {template.Tokens.Length} tokens but the model's context holds at most {ContextTokens} text tokens; use fewer blanks or shorten the text"
            : $"the text is {template.Tokens.Length} tokens with every blank at one token but the model's context holds at most {ContextTokens} text tokens; shorten the text or split it");
    }
}

/// <summary>The outcome of a blank search: the completed tokens, every filled token, the blanks, and the cost.</summary>
internal sealed record BlankSearchResult(int[] Tokens, IReadOnlyList<FilledToken> Filled, IReadOnlyList<FilledBlank> Blanks, BlankSearchCost Cost);
