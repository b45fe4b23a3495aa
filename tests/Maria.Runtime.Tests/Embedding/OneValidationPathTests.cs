using Maria.Runtime.Infilling;
using Maria.Runtime.Tests.Engine;

namespace Maria.Runtime.Tests.Embedding;

/// <summary>
/// One validation path and one exception type for bad input: the same bad input gets a <see cref="MariaInputException"/>
/// with the same message whichever entry point it comes through (one test per pair of entry points).
/// </summary>
[Collection(TinyPackageCollection.Name)]
public sealed class OneValidationPathTests(TinyPackageFixture package)
{
    private const string Text = "The state of the Union is strong, and our nation must meet the budget this year.";

    [Theory]
    [InlineData("a token outside the vocabulary")]
    [InlineData("masks not increasing")]
    [InlineData("a mask past the text")]
    [InlineData("longer than the context")]
    public void Score_tokens_and_the_baselines_scoring_refuse_bad_tokens_with_the_same_message(string fault)
    {
        var model = package.Model;
        var (tokens, masks) = BadTokens(model, fault);
        var fromScore = Assert.Throws<MariaInputException>(() => model.ScoreTokens(tokens, masks));
        var fromBaselines = Assert.Throws<MariaInputException>(() => model.Baselines.ProductLogProbabilities(tokens, masks));
        Assert.Equal(fromBaselines.Message, fromScore.Message);
    }

    [Theory]
    [InlineData("a token outside the vocabulary")]
    [InlineData("masks not increasing")]
    [InlineData("a mask past the text")]
    [InlineData("longer than the context")]
    public void Score_tokens_and_infilling_tokens_refuse_bad_masks_with_the_same_message(string fault)
    {
        var model = package.Model;
        var (tokens, masks) = BadTokens(model, fault);
        var fromScore = Assert.Throws<MariaInputException>(() => model.ScoreTokens(tokens, masks));
        var fromInfill = Assert.Throws<MariaInputException>(() => model.Baselines.Maria(tokens, masks));
        Assert.Equal(fromInfill.Message, fromScore.Message);
    }

    [Fact]
    public void Score_of_a_text_and_score_tokens_refuse_a_fill_outside_the_vocabulary_with_the_same_message()
    {
        var model = package.Model;
        const string masked = "The [MASK] of the Union is [MASK].";
        int outside = model.Manifest.Vocabulary.SharedSize;
        var encoded = MaskedText.Encode(model.Tokenizer, model.Manifest.Vocabulary, masked);
        var tokens = encoded.Tokens.ToArray();
        tokens[encoded.MaskPositions[0]] = 5;
        tokens[encoded.MaskPositions[1]] = outside;

        var fromText = Assert.Throws<MariaInputException>(() => model.Score(masked, [5, outside]));
        var fromTokens = Assert.Throws<MariaInputException>(() => model.ScoreTokens(tokens, encoded.MaskPositions));
        Assert.Equal(fromTokens.Message, fromText.Message);
        Assert.Contains($"token {outside} at position {encoded.MaskPositions[1]}", fromText.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1f, 0, 1f, "temperature")]
    [InlineData(0.8f, -3, 1f, "top-k")]
    [InlineData(0.8f, 0, 2f, "top-p")]
    public async Task Infill_and_stream_refuse_invalid_sampling_options_with_the_same_message(float temperature, int topK, float topP, string named)
    {
        var model = package.Model;
        var options = new InfillOptions(new SamplingOptions(temperature, topK, topP));
        var fromInfill = Assert.Throws<MariaInputException>(() => model.Infill("A [MASK] day.", options));
        var fromStream = await Assert.ThrowsAsync<MariaInputException>(async () =>
        {
            await foreach (var _ in model.StreamAsync("A [MASK] day.", options))
            {
            }
        });
        Assert.Equal(fromInfill.Message, fromStream.Message);
        Assert.StartsWith(named, fromInfill.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_text_and_a_batch_refuse_invalid_infill_options_with_the_same_message()
    {
        var model = package.Model;
        var options = new InfillOptions(Alternatives: -1);
        var fromOne = Assert.Throws<MariaInputException>(() => model.Infill("A [MASK] day.", options));
        var fromBatch = Assert.Throws<MariaInputException>(() => model.Infill(["A [MASK] day.", "The [MASK]."], options));
        Assert.Equal(fromOne.Message, fromBatch.Message);
    }

    [Fact]
    public async Task Generate_and_generate_stream_refuse_invalid_options_with_the_same_message()
    {
        var model = package.Model;
        var options = new GenerationOptions(Length: 8, Iterations: 2, RemaskFraction: 1.5);
        var fromGenerate = Assert.Throws<MariaInputException>(() => model.Generate(options));
        var fromStream = await Assert.ThrowsAsync<MariaInputException>(async () =>
        {
            await foreach (var _ in model.GenerateStreamAsync(options))
            {
            }
        });
        Assert.Equal(fromGenerate.Message, fromStream.Message);
    }

    [Fact]
    public async Task A_batch_size_below_one_is_bad_input_for_every_batched_entry_point()
    {
        var model = package.Model;
        var fromRepresent = Assert.Throws<MariaInputException>(() => model.Represent(["A day."], batchSize: 0));
        var fromStream = await Assert.ThrowsAsync<MariaInputException>(async () =>
        {
            await foreach (var _ in model.InfillBatchAsync(["A [MASK] day."], batchSize: 0))
            {
            }
        });
        Assert.Equal(fromRepresent.Message, fromStream.Message);
    }

    private static (int[] Tokens, int[] Masks) BadTokens(MariaModel model, string fault)
    {
        var tokens = model.Tokenizer.Encode(Text).ToArray();
        return fault switch
        {
            "a token outside the vocabulary" => (Replace(tokens, 2, model.Manifest.Vocabulary.SharedSize), [1, 4]),
            "masks not increasing" => (tokens, [4, 1]),
            "a mask past the text" => (tokens, [1, tokens.Length]),
            "longer than the context" => (new int[model.Baselines.MaxTokens + 1], [0]),
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "no such fault"),
        };
    }

    private static int[] Replace(int[] tokens, int position, int id)
    {
        var copy = tokens.ToArray();
        copy[position] = id;
        return copy;
    }
}
