using Maria.Runtime.Masking;

namespace Maria.Training.Data;

/// <summary>
/// BERT-style corruption for masked-LM training: in each sequence, round(rate x eligible) positions are selected
/// uniformly among those that are not special tokens ([CLS], [SEP], [PAD] and the like are never selected); of the
/// selected positions 80% become [MASK], 10% a random ordinary token and 10% stay unchanged. Labels hold the
/// original id at selected positions and <see cref="IgnoredLabel"/> elsewhere.
/// </summary>
internal sealed class MaskedLanguageModelMasker
{
    /// <summary>The label of positions that carry no loss (PyTorch's cross_entropy default ignore_index).</summary>
    public const long IgnoredLabel = -100;

    private readonly HashSet<int> neverSelected;
    private readonly int maskId;
    private readonly int ordinaryTokenCount;

    /// <summary>Creates a masker.</summary>
    /// <param name="maskId">The [MASK] id.</param>
    /// <param name="ordinaryTokenCount">Random replacements are drawn from ids 0 .. this - 1 (the BPE tokens).</param>
    /// <param name="neverSelected">Ids that are never selected ([CLS], [SEP], [PAD], document separators).</param>
    public MaskedLanguageModelMasker(int maskId, int ordinaryTokenCount, IEnumerable<int> neverSelected)
    {
        this.maskId = maskId;
        this.ordinaryTokenCount = ordinaryTokenCount;
        this.neverSelected = new HashSet<int>(neverSelected) { maskId };
    }

    /// <summary>The share of selected positions that become [MASK].</summary>
    public double MaskShare { get; init; } = 0.8;

    /// <summary>The share of selected positions replaced by a random ordinary token.</summary>
    public double RandomShare { get; init; } = 0.1;

    /// <summary>
    /// Corrupts one sequence: returns the model input and the labels (both [length]).
    /// </summary>
    public (long[] Inputs, long[] Labels) Apply(ReadOnlySpan<long> tokens, double rate, SeededRandom random)
    {
        var inputs = tokens.ToArray();
        var labels = new long[tokens.Length];
        Array.Fill(labels, IgnoredLabel);
        var eligible = new List<int>(tokens.Length);
        for (int i = 0; i < tokens.Length; i++)
        {
            if (!neverSelected.Contains((int)tokens[i]))
            {
                eligible.Add(i);
            }
        }
        int selectedCount = (int)Math.Round(rate * eligible.Count, MidpointRounding.AwayFromZero);
        var positions = eligible.ToArray();
        // A partial Fisher-Yates shuffle: the first selectedCount entries are a uniform random subset.
        for (int i = 0; i < selectedCount; i++)
        {
            int j = i + random.NextInt(positions.Length - i);
            (positions[i], positions[j]) = (positions[j], positions[i]);
            int position = positions[i];
            labels[position] = tokens[position];
            double roll = random.NextDouble();
            if (roll < MaskShare)
            {
                inputs[position] = maskId;
            }
            else if (roll < MaskShare + RandomShare)
            {
                inputs[position] = random.NextInt(ordinaryTokenCount);
            }
        }
        return (inputs, labels);
    }
}
