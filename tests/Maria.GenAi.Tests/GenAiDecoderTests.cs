using Maria.Runtime;
using Maria.Runtime.Inference;
using Microsoft.ML.OnnxRuntimeGenAI;
using Xunit.Abstractions;

namespace Maria.GenAi.Tests;

/// <summary>
/// onnxruntime-genai 0.20 (CPU) loads the shipped package through the genai_config.json that 'maria export' writes,
/// and its own Generator agrees with the runtime: greedy AR generation token for token, and the MARIA head's logits
/// (read with GetOutput) for the same step.
/// </summary>
public sealed class GenAiDecoderTests(ITestOutputHelper output)
{
    private const string Prompt = "The state of the Union is strong, and the Congress shall";
    private const int GeneratedTokens = 40;

    private static string Package => Path.Combine(RepositoryFiles.Root, "models", "maria-tiny");

    [Fact]
    public void Genai_greedy_generation_equals_the_runtime_ar_baseline_token_for_token()
    {
        using var model = MariaModel.Load(Package);
        var prefix = model.Tokenizer.Encode(Prompt);
        var expected = model.Baselines.Autoregressive(prefix, GeneratedTokens).TokenIds;

        int[] stream = [model.Manifest.Vocabulary.BosId, .. prefix];
        using var genai = new Model(Package);
        using var parameters = new GeneratorParams(genai);
        parameters.SetSearchOption("max_length", stream.Length + GeneratedTokens);
        using var generator = new Generator(genai, parameters);
        using var extra = new MariaExtraInputs(new float[model.Manifest.Encoder.HiddenSize]);
        extra.SetOn(generator);
        generator.AppendTokens(stream);
        while (!generator.IsDone())
        {
            generator.GenerateNextToken();
        }
        var generated = generator.GetSequence(0)[stream.Length..].ToArray();

        // genai stops early only at end-of-text, which the baseline (a fixed count) does not.
        Assert.True(generated.Length == GeneratedTokens || generated[^1] == model.Manifest.Vocabulary.EosId,
            $"genai generated {generated.Length} tokens, expected {GeneratedTokens}");
        Assert.Equal(expected.Take(generated.Length), generated);
        output.WriteLine($"{generated.Length} greedy tokens equal: {string.Join(' ', generated)}");
        Assert.True(generated.Length >= 20, $"only {generated.Length} tokens compared; pick a prompt that does not end the text so soon");
    }

    [Fact]
    public void The_maria_logits_genai_computes_for_a_step_equal_the_runtimes()
    {
        using var model = MariaModel.Load(Package);
        var prefix = model.Tokenizer.Encode(Prompt);
        int[] stream = [model.Manifest.Vocabulary.BosId, .. prefix];
        var random = new Random(14);
        var mlmRow = Enumerable.Range(0, model.Manifest.Encoder.HiddenSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

        // The runtime: MARIA logits z [1, V_s] at the prompt's last token with this MLM row.
        var decoder = model.Baselines.Decoder;
        using var cache = decoder.CreateCache(1, stream.Length);
        var chunk = new DecoderChunk(0, stream.Select(id => (long)id).ToArray(), [stream.Length - 1], mlmRow, []);
        float[] expected = decoder.Run(cache, [chunk], CancellationToken.None).Logits;

        // genai: the same prompt in one prefill, the head's output read back by name.
        using var genai = new Model(Package);
        using var parameters = new GeneratorParams(genai);
        parameters.SetSearchOption("max_length", stream.Length + 1);
        using var generator = new Generator(genai, parameters);
        using var extra = new MariaExtraInputs(mlmRow);
        extra.SetOn(generator);
        generator.AppendTokens(stream);
        using var logits = generator.GetOutput("logits");
        Assert.Equal([1L, decoder.VocabularySize], logits.Shape());
        var actual = logits.GetData<float>();

        // Both runs multiply the same weights; only the row counts differ (genai never pads a call), which int8
        // kernels may round differently in the last bits.
        float largest = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(expected[i] - actual[i]));
        }
        output.WriteLine($"max |logit difference| {largest} over {expected.Length} logits");
        Assert.True(largest < 1e-4f, $"max |logit difference| {largest}");
        Assert.Equal(Array.IndexOf(expected, expected.Max()), actual.ToArray().AsSpan().IndexOf(actual.ToArray().Max()));
    }
}
