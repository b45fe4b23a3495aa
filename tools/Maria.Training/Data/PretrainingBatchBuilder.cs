using Maria.Runtime.Masking;

namespace Maria.Training.Data;

/// <summary>
/// Turns windows into model inputs and labels. Causal: the window as is (sequence = window length), label t =
/// token t+1, the last position unlabelled. Masked: [CLS] window [SEP] (sequence = window length + 2), corrupted by
/// <see cref="MaskedLanguageModelMasker"/> at <see cref="MaskRate"/>.
/// </summary>
internal sealed class PretrainingBatchBuilder
{
    private readonly TokenWindows windows;
    private readonly MaskedLanguageModelMasker? masker;
    private readonly int clsId;
    private readonly int sepId;

    private PretrainingBatchBuilder(TokenWindows windows, PretrainingObjective objective, MaskedLanguageModelMasker? masker, int clsId, int sepId)
    {
        this.windows = windows;
        Objective = objective;
        this.masker = masker;
        this.clsId = clsId;
        this.sepId = sepId;
    }

    /// <summary>The objective the labels are for.</summary>
    public PretrainingObjective Objective { get; }

    /// <summary>The share of non-special positions selected in masked batches.</summary>
    public double MaskRate { get; init; } = 0.3;

    /// <summary>Tokens per sequence fed to the model.</summary>
    public int SequenceLength => Objective == PretrainingObjective.CausalLanguageModel ? windows.WindowLength : windows.WindowLength + 2;

    /// <summary>Batches for a causal model.</summary>
    public static PretrainingBatchBuilder Causal(TokenWindows windows)
        => new(windows, PretrainingObjective.CausalLanguageModel, null, -1, -1);

    /// <summary>Batches for a masked model; windows should hold seq-len - 2 tokens.</summary>
    public static PretrainingBatchBuilder Masked(TokenWindows windows, MaskedLanguageModelMasker masker, int clsId, int sepId)
        => new(windows, PretrainingObjective.MaskedLanguageModel, masker, clsId, sepId);

    /// <summary>
    /// The batch made of the given windows; <paramref name="random"/> drives the masks (unused for causal batches).
    /// </summary>
    public TokenBatch Build(IReadOnlyList<int> windowIndices, SeededRandom random, double? maskRate = null)
    {
        int length = SequenceLength;
        var inputs = new long[windowIndices.Count * length];
        var labels = new long[windowIndices.Count * length];
        for (int row = 0; row < windowIndices.Count; row++)
        {
            ReadOnlySpan<int> window = windows[windowIndices[row]];
            var rowInputs = inputs.AsSpan(row * length, length);
            var rowLabels = labels.AsSpan(row * length, length);
            if (masker is null)
            {
                for (int t = 0; t < length; t++)
                {
                    rowInputs[t] = window[t];
                    rowLabels[t] = t + 1 < length ? window[t + 1] : MaskedLanguageModelMasker.IgnoredLabel;
                }
            }
            else
            {
                var sequence = new long[length];
                sequence[0] = clsId;
                for (int t = 0; t < window.Length; t++)
                {
                    sequence[t + 1] = window[t];
                }
                sequence[length - 1] = sepId;
                var (corrupted, targets) = masker.Apply(sequence, maskRate ?? MaskRate, random);
                corrupted.CopyTo(rowInputs);
                targets.CopyTo(rowLabels);
            }
        }
        return new TokenBatch(inputs, labels, windowIndices.Count, length);
    }
}
