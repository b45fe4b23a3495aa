using System.Diagnostics;
using CommandLine;
using Maria.Runtime;
using Maria.Tools.Common;
using Maria.Training.Data;
using Maria.Training.Tokenizer;

namespace Maria.Training.Commands.Tokenizer;

/// <summary>
/// <c>maria-train tokenizer</c>: trains a byte-level BPE vocabulary on the training split and writes the causal
/// (OLMo-style) and masked (ModernBERT-style) tokenizer.json files that share it.
/// </summary>
[Verb("tokenizer", HelpText = "Train a byte-level BPE tokenizer; write OLMo-style and ModernBERT-style tokenizer.json files.")]
internal sealed class TokenizerCommand : ICommand
{
    [Option("data", Required = true, HelpText = "Training texts (JSON lines with a \"text\" field), e.g. data/sotu/train.jsonl.")]
    public string Data { get; set; } = string.Empty;

    [Option("vocab-size", Default = 4096, HelpText = "V: ordinary BPE tokens plus <|padding|> and <|endoftext|>.")]
    public int VocabularySize { get; set; } = 4096;

    [Option("output-causal", Required = true, HelpText = "Where to write the causal tokenizer.json.")]
    public string OutputCausal { get; set; } = string.Empty;

    [Option("output-masked", Required = true, HelpText = "Where to write the masked tokenizer.json.")]
    public string OutputMasked { get; set; } = string.Empty;

    /// <inheritdoc />
    public int Execute(CommandContext context)
    {
        int mergeCount = VocabularySize - TrainedBpe.ByteSymbolCount - 2;
        if (mergeCount < 0)
        {
            throw new UsageException(
                $"--vocab-size {VocabularySize} is too small: the 256 byte symbols and 2 special tokens need at least 258");
        }
        var clock = Stopwatch.StartNew();
        var texts = SotuCorpus.ReadTexts(Data, "--data");
        var pieces = ByteLevelWordCounter.Count(texts, context.Cancellation);
        context.Error.WriteLine($"read {texts.Count} texts, {pieces.Count} distinct pieces in {clock.Elapsed.TotalSeconds:F1} s");

        var trainer = new BpeTrainer(pieces);
        var bpe = trainer.Train(mergeCount, new SynchronousProgress(context.Error, mergeCount), context.Cancellation);
        if (bpe.Merges.Count < mergeCount)
        {
            context.Error.WriteLine(
                $"warning: the corpus ran out of pairs after {bpe.Merges.Count} merges; vocabulary size is {bpe.Tokens.Count + 2}, not {VocabularySize}");
        }
        TokenizerJsonWriter.WriteCausal(OutputCausal, bpe);
        TokenizerJsonWriter.WriteMasked(OutputMasked, bpe);
        var layout = new TokenizerLayout(bpe.Tokens.Count);
        context.Error.WriteLine(
            $"trained {bpe.Merges.Count} merges in {clock.Elapsed.TotalSeconds:F1} s; causal vocabulary {layout.SharedVocabularySize}, "
            + $"masked {layout.MaskedVocabularySize}");
        long bytes = texts.Sum(t => (long)System.Text.Encoding.UTF8.GetByteCount(t.Normalize(System.Text.NormalizationForm.FormC)));
        context.Error.WriteLine(
            $"training split: {bytes} bytes -> {trainer.CorpusTokenCount} tokens ({(double)bytes / trainer.CorpusTokenCount:F2} bytes per token)");
        context.Out.WriteLine(OutputCausal);
        context.Out.WriteLine(OutputMasked);
        return ExitCodes.Success;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SynchronousProgress(TextWriter log, int total) : IProgress<int>
    {
        public void Report(int value) => log.WriteLine($"merges {value}/{total}");
    }
}
