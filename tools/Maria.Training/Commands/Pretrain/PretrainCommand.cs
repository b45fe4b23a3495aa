using System.Diagnostics;
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

namespace Maria.Training.Commands.Pretrain;

/// <summary>
/// <c>maria-train pretrain</c>: trains a tiny OLMo (causal LM) or ModernBERT (masked LM at 30%) from scratch on the
/// training split, evaluates on the validation split, checkpoints for exact resume, and writes a Hugging Face
/// folder (config.json, model.safetensors, tokenizer.json) plus training-log.csv into --output.
/// </summary>
[Verb("pretrain", HelpText = "Pretrain a tiny OLMo or ModernBERT from scratch; write a Hugging Face folder.")]
internal sealed class PretrainCommand : ICommand
{
    [Option("arch", Required = true, HelpText = "olmo (causal LM) or modernbert (masked LM).")]
    public string Architecture { get; set; } = string.Empty;

    [Option("config", Required = true, HelpText = "Hugging Face config.json of the model to build, e.g. tools/Maria.Training/Pretraining/Configs/olmo-tiny.json.")]
    public string Config { get; set; } = string.Empty;

    [Option("tokenizer", Required = true, HelpText = "tokenizer.json from maria-train tokenizer (causal for olmo, masked for modernbert).")]
    public string Tokenizer { get; set; } = string.Empty;

    [Option("train", Required = true, HelpText = "Training addresses (JSON lines), e.g. data/sotu/train.jsonl.")]
    public string Train { get; set; } = string.Empty;

    [Option("validation", Required = true, HelpText = "Validation addresses (JSON lines), e.g. data/sotu/validation.jsonl.")]
    public string Validation { get; set; } = string.Empty;

    [Option("output", Required = true, HelpText = "Output folder: the Hugging Face model, training-log.csv and checkpoint/.")]
    public string Output { get; set; } = string.Empty;

    [Option("steps", Default = 2000, HelpText = "Optimizer steps.")]
    public int Steps { get; set; } = 2000;

    [Option("batch", Default = 8, HelpText = "Sequences per step.")]
    public int Batch { get; set; } = 8;

    [Option("lr", Default = 1e-3, HelpText = "Peak learning rate (AdamW, warmup then cosine decay to 10%).")]
    public double LearningRate { get; set; } = 1e-3;

    [Option("warmup", Default = 100, HelpText = "Linear warmup steps.")]
    public int Warmup { get; set; } = 100;

    [Option("weight-decay", Default = 0.1, HelpText = "AdamW weight decay (matrices only; not norms or biases).")]
    public double WeightDecay { get; set; } = 0.1;

    [Option("seq-len", Default = 512, HelpText = "Tokens per sequence ([CLS] and [SEP] included for modernbert).")]
    public int SequenceLength { get; set; } = 512;

    [Option("threads", Default = 0, HelpText = "Torch CPU threads (0 = all cores).")]
    public int Threads { get; set; }

    [Option("seed", Default = 1234L, HelpText = "Seeds the weights, the data order and the masks.")]
    public long Seed { get; set; } = 1234;

    [Option("eval-every", Default = 200, HelpText = "Evaluate on the validation split every this many steps (0 = only at the end).")]
    public int EvaluateEvery { get; set; } = 200;

    [Option("eval-sequences", Default = 0, HelpText = "At most this many validation sequences per evaluation (0 = all).")]
    public int EvaluationSequences { get; set; }

    [Option("time-limit-minutes", Default = 0.0, HelpText = "Stop cleanly after this many minutes, checkpoint and save (0 = no limit).")]
    public double TimeLimitMinutes { get; set; }

    [Option("checkpoint-minutes", Default = 5.0, HelpText = "Write a resumable checkpoint this often.")]
    public double CheckpointMinutes { get; set; } = 5.0;

    [Option("resume", Default = false, HelpText = "Continue the run whose checkpoint is in --output (same options required).")]
    public bool Resume { get; set; }

    [Option("store-as", Default = "bf16", HelpText = "Weight type of model.safetensors: bf16, f16 or f32.")]
    public string StoreAs { get; set; } = "bf16";

    /// <inheritdoc />
    public int Execute(CommandContext context)
    {
        var clock = Stopwatch.StartNew();
        ReservedSplitGuard.EnsureNotReserved(Train, "--train");
        ReservedSplitGuard.EnsureNotReserved(Validation, "--validation");
        var (config, objective) = ReadConfig();
        SafetensorsDType storeAs = ParseStoreAs();
        ValidateOptions(config);
        torch.set_num_threads(Threads > 0 ? Threads : Environment.ProcessorCount);

        var tokenizer = HuggingFaceTokenizer.Load(Tokenizer);
        if (tokenizer.VocabularySize > config.VocabSize)
        {
            throw new UsageException(
                $"--tokenizer '{Tokenizer}' has {tokenizer.VocabularySize} ids but --config '{Config}' has vocab_size {config.VocabSize}; they must match the same layout");
        }
        CheckSpecialIds(config, tokenizer);
        var trainingTexts = SotuCorpus.ReadTexts(Train, "--train");
        var validationTexts = SotuCorpus.ReadTexts(Validation, "--validation");
        var data = PretrainingData.Load(tokenizer, Tokenizer, objective, trainingTexts, validationTexts, SequenceLength);
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"data: {data.TrainingWindows.Count} training windows ({data.TrainingWindows.TokenCount} tokens), {data.ValidationWindows} validation windows, tokenized in {clock.Elapsed.TotalSeconds:F1} s"));

        var settings = new PretrainingSettings
        {
            Steps = Steps,
            BatchSize = Batch,
            SequenceLength = SequenceLength,
            LearningRate = LearningRate,
            WarmupSteps = Warmup,
            WeightDecay = WeightDecay,
            Seed = Seed,
            EvaluateEvery = EvaluateEvery,
            EvaluationSequences = EvaluationSequences,
        };
        int evaluationWindows = EvaluationSequences > 0 ? Math.Min(EvaluationSequences, data.ValidationWindows) : data.ValidationWindows;
        var evaluator = new Evaluator(data.Validation, evaluationWindows, Batch);
        using var model = PretrainingModels.Create(config, Seed);
        long parameterCount = model.Module.parameters().Sum(p => p.numel());
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model: {config.Architecture}, {parameterCount:N0} parameters, {torch.get_num_threads()} threads"));
        using var run = new PretrainingRun(model, settings, data.Training, data.TrainingWindows, evaluator, Output, context.Error, Resume)
        {
            CheckpointInterval = TimeSpan.FromMinutes(CheckpointMinutes),
        };
        run.Run(timeLimit: TimeLimitMinutes > 0 ? TimeSpan.FromMinutes(TimeLimitMinutes) : null, cancellation: context.Cancellation);

        HuggingFaceFolder.Save(model.Module, config, Output, storeAs, Tokenizer);
        context.Error.WriteLine(run.Finished
            ? $"finished {run.Step} steps; saved {Output}"
            : $"stopped at step {run.Step} of {Steps}; saved {Output} (continue with the same options and --resume)");
        context.Out.WriteLine(Output);
        return ExitCodes.Success;
    }

    private (ModelConfig Config, PretrainingObjective Objective) ReadConfig()
    {
        var config = ModelConfigReader.Read(Config);
        return (Architecture.ToLowerInvariant(), config) switch
        {
            ("olmo", OlmoConfig olmo) => (olmo, PretrainingObjective.CausalLanguageModel),
            ("modernbert", ModernBertConfig bert) => (bert, PretrainingObjective.MaskedLanguageModel),
            ("olmo" or "modernbert", _) => throw new UsageException(
                $"--config '{Config}' describes {config.Architecture}, not --arch {Architecture}; pass the matching config"),
            _ => throw new UsageException($"--arch '{Architecture}' is not supported; use olmo or modernbert"),
        };
    }

    private SafetensorsDType ParseStoreAs() => StoreAs.ToLowerInvariant() switch
    {
        "bf16" => SafetensorsDType.BF16,
        "f16" or "fp16" => SafetensorsDType.F16,
        "f32" or "fp32" => SafetensorsDType.F32,
        _ => throw new UsageException($"--store-as '{StoreAs}' is not supported; use bf16, f16 or f32"),
    };

    private void ValidateOptions(ModelConfig config)
    {
        void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new UsageException(message);
            }
        }
        Require(Steps > 0, $"--steps {Steps} must be positive");
        Require(Batch > 0, $"--batch {Batch} must be positive");
        Require(LearningRate > 0, $"--lr {LearningRate} must be positive");
        Require(Warmup >= 0 && Warmup < Steps, $"--warmup {Warmup} must be at least 0 and below --steps {Steps}");
        Require(SequenceLength >= 4, $"--seq-len {SequenceLength} must be at least 4");
        Require(SequenceLength <= config.MaxPositionEmbeddings,
            $"--seq-len {SequenceLength} exceeds max_position_embeddings {config.MaxPositionEmbeddings} of --config '{Config}'");
        Require(CheckpointMinutes > 0, $"--checkpoint-minutes {CheckpointMinutes} must be positive");
        Require(TimeLimitMinutes >= 0, $"--time-limit-minutes {TimeLimitMinutes} must be 0 (no limit) or positive");
        Require(Threads >= 0, $"--threads {Threads} must be 0 (all cores) or positive");
    }

    /// <summary>The config's special ids must be the tokenizer's, or the model would learn the wrong rows.</summary>
    private void CheckSpecialIds(ModelConfig config, HuggingFaceTokenizer tokenizer)
    {
        var expected = config switch
        {
            OlmoConfig olmo => new[] { ("eos_token_id", "<|endoftext|>", (int?)olmo.EosTokenId), ("pad_token_id", "<|padding|>", olmo.PadTokenId) },
            ModernBertConfig bert => [("cls_token_id", "[CLS]", bert.ClsTokenId), ("sep_token_id", "[SEP]", bert.SepTokenId),
                ("pad_token_id", "[PAD]", bert.PadTokenId), ("mask_token_id", "[MASK]", bert.MaskTokenId)],
            _ => [],
        };
        foreach (var (key, token, id) in expected)
        {
            int? actual = tokenizer.TokenToId(token);
            if (id is not null && actual != id)
            {
                throw new UsageException(
                    $"--config '{Config}' has {key} {id} but --tokenizer '{Tokenizer}' has {token} = {actual?.ToString(CultureInfo.InvariantCulture) ?? "none"}; make them agree");
            }
        }
    }
}
