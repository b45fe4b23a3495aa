using Maria.Runtime.Infilling;
using Maria.Runtime.Sampling;

namespace Maria.Runtime.Tests.Numerics;

/// <summary>
/// The README's first command (in its [MASK] and its [WORD]/[BLANK] forms) on the shipped models/maria-tiny at low temperatures: at 0.01 exactly the greedy fills,
/// at 0.05 fills whose reported probabilities are finite and equal to the reference softmax of the head's logits.
/// </summary>
public sealed class ShippedModelSamplingTests : IDisposable
{
    private const string Text = "The [MASK] of the United States shall from time to time give to the [MASK] information of the [MASK] of the Union.";
    private readonly MariaModel model = MariaModel.Load(Path.Combine(RepositoryFiles.Root, "models", "maria-tiny"));

    /// <summary>The README's first command since blanks exist (and the search samples each candidate at the temperature).</summary>
    private const string BlankText = "The President of the [WORD] States shall from time to time give to the [WORD] information of the [BLANK] of the Union.";

    [Theory]
    [InlineData(Text)]
    [InlineData(BlankText)]
    public void At_temperature_one_hundredth_every_seed_gives_the_greedy_output(string text)
    {
        string greedy = model.Infill(text).Output;
        for (ulong seed = 0; seed < 10; seed++)
        {
            Assert.Equal(greedy, model.Infill(text, new InfillOptions(new SamplingOptions(Temperature: 0.01f, Seed: seed))).Output);
        }
    }

    [Fact]
    public void At_temperature_one_twentieth_reported_probabilities_equal_the_reference()
    {
        int v = model.Manifest.Vocabulary.SharedSize;
        for (ulong seed = 0; seed < 10; seed++)
        {
            var result = model.Infill(Text, new InfillOptions(new SamplingOptions(Temperature: 0.05f, Seed: seed)));
            var tokens = model.Tokenizer.Encode(Text).ToArray();
            foreach (var filled in result.Tokens)
            {
                tokens[filled.Position] = filled.TokenId;
            }
            int[] masks = [.. result.Tokens.Select(t => t.Position)];
            // The head's logits at each mask, teacher-forced on the chosen fills: the rows the sampler chose from.
            var logits = model.ScorerForTests.Logits(tokens, masks, CancellationToken.None);
            for (int k = 0; k < masks.Length; k++)
            {
                double expected = ReferenceSoftmax.Probabilities(logits.AsSpan(k * v, v).ToArray())[result.Tokens[k].TokenId];
                Assert.True(float.IsFinite(result.Tokens[k].Probability));
                Assert.Equal(expected, result.Tokens[k].Probability, 1e-6);
            }
        }
    }

    public void Dispose() => model.Dispose();
}
