using Maria.Runtime.Baselines;
using Maria.Runtime.Representations;

namespace Maria.Runtime;

/// <summary>Per-token representations u, v and [v ; u] (the paper's Table 3 features).</summary>
public sealed partial class MariaModel
{
    /// <summary>
    /// The per-token states of <paramref name="text"/>. Without masks both models read the text as it is. With
    /// <c>[MASK]</c>s, the masked LM reads them as masks and the causal model reads MARIA's greedy fills: the very
    /// states the head saw while filling the text greedily (<see cref="TokenRepresentations.TokenIds"/> holds the fills).
    /// </summary>
    /// <exception cref="MariaInputException">The text is longer than the model's context or contains a special token other than [MASK].</exception>
    public TokenRepresentations Represent(string text, CancellationToken cancellation = default) => Represent([text], 1, cancellation)[0];

    /// <summary>
    /// <see cref="Represent(string, CancellationToken)"/> for many texts, <paramref name="batchSize"/> per encoder and
    /// decoder call (masked texts are first filled greedily with continuous batching). Results in input order.
    /// </summary>
    /// <exception cref="MariaInputException">As for the one-text overload, naming the first bad text; or the batch size is below 1.</exception>
    public TokenRepresentations[] Represent(IReadOnlyList<string> texts, int batchSize, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        MariaInputException.ThrowIfBatchSizeBelowOne(batchSize);
        ObjectDisposedException.ThrowIf(disposed, this);
        var encoded = new MaskedTokens[texts.Count];
        for (int t = 0; t < texts.Count; t++)
        {
            ArgumentNullException.ThrowIfNull(texts[t]);
            var masked = engine.Encode(texts[t]);
            try
            {
                masked.CheckFits(Manifest);
            }
            catch (MariaInputException e) when (texts.Count > 1)
            {
                throw new MariaInputException($"text {t}: {e.Message}");
            }
            encoded[t] = new MaskedTokens(masked.Tokens, masked.MaskPositions);
        }
        var withMasks = Enumerable.Range(0, texts.Count).Where(t => encoded[t].Masks.Count > 0).ToArray();
        var fills = Baselines.Maria(withMasks.Select(t => encoded[t]).ToList(), batchSize, cancellation: cancellation);
        for (int k = 0; k < withMasks.Length; k++)
        {
            var tokens = encoded[withMasks[k]].Tokens.ToArray();
            var masks = encoded[withMasks[k]].Masks;
            for (int j = 0; j < masks.Count; j++)
            {
                tokens[masks[j]] = fills[k].TokenIds[j];
            }
            encoded[withMasks[k]] = new MaskedTokens(tokens, masks);
        }
        return RepresentTokens(encoded, batchSize, cancellation);
    }

    /// <summary>
    /// The per-token states of a token array (shared-vocabulary ids, no [CLS]/[BOS]): the causal model reads
    /// <paramref name="tokens"/> as given, the masked LM reads them with [MASK] at <paramref name="masks"/> (none when
    /// null). With the true tokens at the masks this is the head's teacher-forced view (maria-method.md §4).
    /// </summary>
    /// <exception cref="MariaInputException">A token is outside V_s, the masks are not increasing positions, or the array is longer than the context.</exception>
    public TokenRepresentations RepresentTokens(IReadOnlyList<int> tokens, IReadOnlyList<int>? masks = null, CancellationToken cancellation = default) =>
        RepresentTokens([new MaskedTokens(tokens, masks ?? [])], 1, cancellation)[0];

    /// <summary><see cref="RepresentTokens(IReadOnlyList{int}, IReadOnlyList{int}?, CancellationToken)"/> for many arrays, <paramref name="batchSize"/> per call.</summary>
    /// <exception cref="MariaInputException">As for the one-array overload, naming the first bad text; or the batch size is below 1.</exception>
    public TokenRepresentations[] RepresentTokens(IReadOnlyList<MaskedTokens> texts, int batchSize, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        MariaInputException.ThrowIfBatchSizeBelowOne(batchSize);
        ObjectDisposedException.ThrowIf(disposed, this);
        var validated = new (int[] Tokens, int[] Masks)[texts.Count];
        for (int t = 0; t < texts.Count; t++)
        {
            try
            {
                validated[t] = Baselines.ValidateTrueTokens(texts[t].Tokens, texts[t].Masks);
            }
            catch (MariaInputException e) when (texts.Count > 1)
            {
                throw new MariaInputException($"text {t}: {e.Message}");
            }
        }
        var result = new List<TokenRepresentations>(texts.Count);
        foreach (var group in validated.Chunk(batchSize))
        {
            result.AddRange(representations.Extract(group, cancellation));
        }
        return [.. result];
    }
}
