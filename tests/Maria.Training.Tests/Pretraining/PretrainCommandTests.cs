using System.Text.Json;
using Maria.Export.Configs;
using Maria.Training.Models.Causal;
using Maria.Training.Models.HuggingFace;
using Maria.Training.Models.ModernBert;
using Maria.Training.Tokenizer;
using TorchSharp;

namespace Maria.Training.Tests.Pretraining;

/// <summary><c>maria-train pretrain</c> end to end on a tiny tokenizer, model and corpus.</summary>
[Collection(TorchCollection.Name)]
public class PretrainCommandTests
{
    private static readonly string[] Texts =
    [
        "The state of the Union is strong, and the people of the Union are strong.",
        "We meet again in this chamber to report on the state of the Union.",
        "The economy of the nation grew, and the nation was at peace with the world.",
        "Congress and the President shall work together for the good of the people.",
    ];

    public PretrainCommandTests() => torch.set_num_threads(1);

    private static (int Code, string Error) Run(params string[] args)
    {
        var result = TrainCli.Run(args);
        return (result.ExitCode, result.Stderr);
    }

    /// <summary>Corpus files, both tokenizers (V = 300, masked rows 320) and both tiny configs in a fresh folder.</summary>
    private static string Workspace(TemporaryFolder temporary)
    {
        string folder = temporary.Path;
        foreach (string split in new[] { "train", "validation" })
        {
            var lines = Enumerable.Range(0, split == "train" ? 12 : 3).Select(i => JsonSerializer.Serialize(new { text = Texts[i % Texts.Length] }));
            File.WriteAllLines(Path.Combine(folder, split + ".jsonl"), lines);
        }
        var bpe = new BpeTrainer(ByteLevelWordCounter.Count(Texts)).Train(42);
        TokenizerJsonWriter.WriteCausal(Path.Combine(folder, "causal.json"), bpe);
        TokenizerJsonWriter.WriteMasked(Path.Combine(folder, "masked.json"), bpe);
        File.WriteAllText(Path.Combine(folder, "olmo.json"), (TinyPretraining.Olmo() with { VocabSize = 300, EosTokenId = 299, PadTokenId = 298 }).ToJson());
        File.WriteAllText(Path.Combine(folder, "modernbert.json"), (TinyPretraining.ModernBert() with
        {
            VocabSize = 320, ClsTokenId = 301, SepTokenId = 302, PadTokenId = 303, MaskTokenId = 304, BosTokenId = 301, EosTokenId = 302,
        }).ToJson());
        return folder;
    }

    private static string[] Arguments(string folder, string architecture, string output, params string[] extra) =>
    [
        "pretrain", "--arch", architecture, "--config", Path.Combine(folder, architecture + ".json"),
        "--tokenizer", Path.Combine(folder, architecture == "olmo" ? "causal.json" : "masked.json"),
        "--train", Path.Combine(folder, "train.jsonl"), "--validation", Path.Combine(folder, "validation.jsonl"),
        "--output", output, "--steps", "4", "--batch", "2", "--seq-len", "24", "--warmup", "1", "--threads", "1", .. extra,
    ];

    [Theory]
    [InlineData("olmo")]
    [InlineData("modernbert")]
    public void Writes_a_hugging_face_folder_and_a_training_log(string architecture)
    {
        using var temporary = new TemporaryFolder();
        string folder = Workspace(temporary);
        string output = Path.Combine(folder, "out");

        var (code, error) = Run(Arguments(folder, architecture, output));

        Assert.True(code == 0, error);
        Assert.Contains("step 4/4", error, StringComparison.Ordinal);
        Assert.Contains("tok/s", error, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Path.Combine(folder, architecture == "olmo" ? "causal.json" : "masked.json")),
            File.ReadAllText(Path.Combine(output, "tokenizer.json")));
        Assert.Equal(5, File.ReadAllLines(Path.Combine(output, "training-log.csv")).Length);
        Assert.Contains("\"BF16\"", File.ReadAllText(Path.Combine(output, "model.safetensors")).Substring(0, 400), StringComparison.Ordinal);
        using var module = HuggingFaceFolder.Load(output);
        Assert.IsType(architecture == "olmo" ? typeof(OlmoForCausalLM) : typeof(ModernBertForMaskedLM), module);
        Assert.IsType(architecture == "olmo" ? typeof(OlmoConfig) : typeof(ModernBertConfig), ModelConfigReader.Read(Path.Combine(output, "config.json")));
        Assert.Empty(TransformersConfigTypes.Problems(File.ReadAllText(Path.Combine(output, "config.json"))));
    }

    [Theory]
    [InlineData("olmo", "validation_loss")]
    [InlineData("modernbert", "masked30_perplexity")]
    public void Evaluate_reproduces_the_final_pretraining_evaluation_of_the_saved_folder(string architecture, string metric)
    {
        using var temporary = new TemporaryFolder();
        string folder = Workspace(temporary);
        string output = Path.Combine(folder, "out");
        var (code, error) = Run(Arguments(folder, architecture, output, "--store-as", "f32", "--eval-every", "0"));
        Assert.True(code == 0, error);
        string finalEval = error.Split('\n').Last(l => l.StartsWith("eval step 4:", StringComparison.Ordinal));
        double expected = double.Parse(finalEval.Split(metric + " ")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);

        (code, string stdout, _) = TrainCli.Run("evaluate", "--model", output, "--validation", Path.Combine(folder, "validation.jsonl"), "--seq-len", "24", "--batch", "2", "--threads", "1");
        Assert.Equal(0, code);
        var metrics = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(l => l.Split(' ')[0], l => double.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, metrics[metric], tolerance: 2e-3);
    }

    [Fact]
    public void A_time_limit_stops_cleanly_and_resume_finishes_the_run()
    {
        using var temporary = new TemporaryFolder();
        string folder = Workspace(temporary);
        string output = Path.Combine(folder, "out");

        var (stopped, stopError) = Run(Arguments(folder, "olmo", output, "--time-limit-minutes", "0.00001"));
        var (resumed, resumeError) = Run(Arguments(folder, "olmo", output, "--resume"));

        Assert.True(stopped == 0, stopError);
        Assert.Contains("stopped at step", stopError, StringComparison.Ordinal);
        Assert.True(resumed == 0, resumeError);
        Assert.Contains("finished 4 steps", resumeError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--train")]
    [InlineData("--validation")]
    public void The_reserved_split_is_refused_before_anything_is_read(string option)
    {
        using var temporary = new TemporaryFolder();
        string folder = Workspace(temporary);
        string reserved = Path.Combine(RepositoryFiles.Root, "data", "sotu", "reserved", "test.jsonl");
        var arguments = Arguments(folder, "olmo", Path.Combine(folder, "out"));
        arguments[Array.IndexOf(arguments, option) + 1] = reserved;

        var (code, error) = Run(arguments);

        Assert.Equal(1, code);
        Assert.Contains($"error: {option}", error, StringComparison.Ordinal);
        Assert.Contains("reserved", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder, "out")));
    }

    [Fact]
    public void A_config_that_disagrees_with_the_tokenizer_is_refused()
    {
        using var temporary = new TemporaryFolder();
        string folder = Workspace(temporary);
        var arguments = Arguments(folder, "modernbert", Path.Combine(folder, "out"));
        arguments[Array.IndexOf(arguments, "--tokenizer") + 1] = Path.Combine(folder, "causal.json");

        var (code, error) = Run(arguments);

        Assert.Equal(1, code);
        Assert.Contains("cls_token_id", error, StringComparison.Ordinal);
    }
}
