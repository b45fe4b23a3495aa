using Maria.Export.Configs;
using Maria.Training.Data;
using Maria.Training.Pretraining;

namespace Maria.Training.Tests.Pretraining;

/// <summary>Tiny models and corpora for loop tests: a few seconds per run on one thread.</summary>
internal static class TinyPretraining
{
    public const int Vocabulary = 64, EndOfText = 63, Cls = 64, Sep = 65, Pad = 66, Mask = 67, MaskedRows = 128;

    public static OlmoConfig Olmo() => new()
    {
        VocabSize = Vocabulary,
        HiddenSize = 32,
        IntermediateSize = 64,
        NumHiddenLayers = 2,
        NumAttentionHeads = 2,
        NumKeyValueHeads = 2,
        MaxPositionEmbeddings = 64,
        TieWordEmbeddings = true,
        EosTokenId = EndOfText,
        PadTokenId = 62,
    };

    public static ModernBertConfig ModernBert() => new()
    {
        VocabSize = MaskedRows,
        HiddenSize = 32,
        IntermediateSize = 48,
        NumHiddenLayers = 3,
        NumAttentionHeads = 2,
        MaxPositionEmbeddings = 64,
        TieWordEmbeddings = true,
        LocalAttention = 8,
        ClsTokenId = Cls,
        SepTokenId = Sep,
        PadTokenId = Pad,
        MaskTokenId = Mask,
        BosTokenId = Cls,
        EosTokenId = Sep,
    };

    /// <summary>A repetitive stream: documents "1 2 3 ... 20" separated by end-of-text.</summary>
    public static int[] RepeatedStream(int documents) => Enumerable.Range(0, documents)
        .SelectMany(_ => new[] { EndOfText }.Concat(Enumerable.Range(1, 20))).ToArray();

    public static PretrainingBatchBuilder Builder(ModelConfig config, int[] stream, int sequenceLength, bool forEvaluation = false)
    {
        if (config is OlmoConfig)
        {
            return PretrainingBatchBuilder.Causal(TokenWindows.FromStream(stream, sequenceLength));
        }
        var masker = new MaskedLanguageModelMasker(Mask, ordinaryTokenCount: Vocabulary - 2, [Cls, Sep, Pad, EndOfText])
        {
            MaskShare = forEvaluation ? 1.0 : 0.8,
            RandomShare = forEvaluation ? 0.0 : 0.1,
        };
        return PretrainingBatchBuilder.Masked(TokenWindows.FromStream(stream, sequenceLength - 2), masker, Cls, Sep);
    }

    public static PretrainingRun Run(ModelConfig config, PretrainingSettings settings, string output, bool resume, TextWriter? progress = null)
    {
        int[] stream = RepeatedStream(40);
        var training = Builder(config, stream, settings.SequenceLength);
        var windows = TokenWindows.FromStream(stream, training.SequenceLength - (config is OlmoConfig ? 0 : 2));
        var validation = Builder(config, RepeatedStream(6), settings.SequenceLength, forEvaluation: true);
        int validationWindows = RepeatedStream(6).Length / (settings.SequenceLength - (config is OlmoConfig ? 0 : 2));
        var evaluator = new Evaluator(validation, validationWindows, settings.BatchSize);
        var model = PretrainingModels.Create(config, settings.Seed);
        return new PretrainingRun(model, settings, training, windows, evaluator, output, progress ?? TextWriter.Null, resume);
    }
}
