using System.Globalization;
using CommandLine;
using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Runtime;
using Maria.Runtime.Tokenization;
using Maria.Tools.Common;
using Maria.Training.Data;
using Maria.Training.Models.HuggingFace;
using Maria.Training.Pretraining;
using TorchSharp;

namespace Maria.Training.Commands.Evaluate;

/// <summary>
/// <c>maria-train evaluate</c>: the pretraining evaluation (causal: loss and perplexity; masked: accuracy and
/// perplexity at 15% and 30% masking with fixed masks) of a trained Hugging Face folder over the WHOLE validation
/// split, for model cards. Prints one line <c>name value</c> per metric on stdout.
/// </summary>
[Verb("evaluate", HelpText = "Evaluate a pretrained Hugging Face folder (olmo or modernbert) on the whole validation split.")]
internal sealed class EvaluateCommand : ICommand
{
    [Option("model", Required = true, HelpText = "Hugging Face folder written by maria-train pretrain (config.json, model.safetensors, tokenizer.json).")]
    public string Model { get; set; } = "";

    [Option("validation", Required = true, HelpText = "Validation addresses (JSON lines), e.g. data/sotu/validation.jsonl.")]
    public string Validation { get; set; } = "";

    [Option("seq-len", Default = 512, HelpText = "Tokens per window (as in pretraining).")]
    public int SequenceLength { get; set; }

    [Option("batch", Default = 8, HelpText = "Windows per forward pass.")]
    public int Batch { get; set; }

    [Option("threads", Default = 0, HelpText = "Torch CPU threads (0 = all cores).")]
    public int Threads { get; set; }

    public int Execute(CommandContext context)
    {
        ReservedSplitGuard.EnsureNotReserved(Validation, "--validation");
        torch.set_num_threads(Threads > 0 ? Threads : Environment.ProcessorCount);
        using var checkpoint = HuggingFaceCheckpoint.Open(Model);
        string tokenizerPath = checkpoint.TokenizerPath
            ?? throw new UsageException($"{Model}: no tokenizer.json beside the weights; copy the tokenizer the model was trained with into the folder");
        var objective = checkpoint.Config is OlmoConfig ? PretrainingObjective.CausalLanguageModel : PretrainingObjective.MaskedLanguageModel;
        var tokenizer = HuggingFaceTokenizer.Load(tokenizerPath);
        var texts = SotuCorpus.ReadTexts(Validation, "--validation");
        // The evaluation reads only the validation windows; the validation texts stand in for the unused training side.
        var data = PretrainingData.Load(tokenizer, tokenizerPath, objective, texts, texts, SequenceLength);
        using var model = PretrainingModels.Create(checkpoint.Config, seed: 0);
        HuggingFaceFolder.LoadWeights(model.Module, checkpoint.Config, checkpoint.Tensors, Model);
        var evaluator = new Evaluator(data.Validation, data.ValidationWindows, Batch);
        var values = evaluator.Evaluate(model);
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Model}: {data.ValidationWindows} validation windows of {SequenceLength} tokens"));
        for (int i = 0; i < values.Count; i++)
        {
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{evaluator.MetricNames[i]} {values[i]:F4}"));
        }
        return ExitCodes.Success;
    }
}
