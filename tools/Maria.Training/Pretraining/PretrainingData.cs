using Maria.Runtime;
using Maria.Runtime.Tokenization;
using Maria.Training.Data;

namespace Maria.Training.Pretraining;

/// <summary>
/// The training and validation batch builders for one architecture, built from the model's tokenizer.json: the
/// causal layout (OLMo) uses <c>&lt;|endoftext|&gt;</c>; the masked layout (ModernBERT) also needs [CLS], [SEP],
/// [PAD] and [MASK]. Ordinary tokens are the ids below the first added token.
/// </summary>
internal sealed record PretrainingData(PretrainingBatchBuilder Training, TokenWindows TrainingWindows, PretrainingBatchBuilder Validation, int ValidationWindows)
{
    /// <summary>Tokenizes both splits and cuts them into windows for <paramref name="objective"/>.</summary>
    public static PretrainingData Load(HuggingFaceTokenizer tokenizer, string tokenizerPath, PretrainingObjective objective,
        IReadOnlyList<string> trainingTexts, IReadOnlyList<string> validationTexts, int sequenceLength)
    {
        int endOfText = RequiredId(tokenizer, tokenizerPath, "<|endoftext|>");
        int windowLength = objective == PretrainingObjective.CausalLanguageModel ? sequenceLength : sequenceLength - 2;
        Func<string, IReadOnlyList<int>> encode = text => tokenizer.Encode(text, addSpecialTokens: false);
        var trainingWindows = TokenWindows.Build(trainingTexts, encode, endOfText, windowLength);
        var validationWindows = TokenWindows.Build(validationTexts, encode, endOfText, windowLength);
        if (trainingWindows.Count == 0 || validationWindows.Count == 0)
        {
            throw new MariaInputException(
                $"--seq-len {sequenceLength} is longer than the whole training or validation split; use a shorter --seq-len");
        }
        if (objective == PretrainingObjective.CausalLanguageModel)
        {
            return new PretrainingData(PretrainingBatchBuilder.Causal(trainingWindows), trainingWindows,
                PretrainingBatchBuilder.Causal(validationWindows), validationWindows.Count);
        }
        int cls = RequiredId(tokenizer, tokenizerPath, "[CLS]");
        int sep = RequiredId(tokenizer, tokenizerPath, "[SEP]");
        // [PAD] is an added token and so never selected; windows are full and need none. Requiring it refuses a
        // causal tokenizer passed for a masked model.
        _ = RequiredId(tokenizer, tokenizerPath, "[PAD]");
        int mask = RequiredId(tokenizer, tokenizerPath, "[MASK]");
        int ordinary = tokenizer.AddedTokens.Min(t => t.Id);
        int[] neverSelected = [.. tokenizer.AddedTokens.Select(t => t.Id)];
        var trainingMasker = new MaskedLanguageModelMasker(mask, ordinary, neverSelected);
        // Validation masks stand for the infilling task: every selected token becomes [MASK].
        var validationMasker = new MaskedLanguageModelMasker(mask, ordinary, neverSelected) { MaskShare = 1.0, RandomShare = 0.0 };
        return new PretrainingData(PretrainingBatchBuilder.Masked(trainingWindows, trainingMasker, cls, sep), trainingWindows,
            PretrainingBatchBuilder.Masked(validationWindows, validationMasker, cls, sep), validationWindows.Count);
    }

    private static int RequiredId(HuggingFaceTokenizer tokenizer, string path, string token)
        => tokenizer.TokenToId(token) ?? throw new MariaInputException(
            $"--tokenizer '{path}' has no {token} token; use the tokenizer written by maria-train tokenizer for this architecture");
}
