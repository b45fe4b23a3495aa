using Maria.Runtime.Infilling;
using Maria.Runtime.Tests.Engine;

namespace Maria.Runtime.Tests.Embedding;

/// <summary>The top alternatives of each filled token, as an editor lists them.</summary>
[Collection(TinyPackageCollection.Name)]
public sealed class InfillAlternativesTests(TinyPackageFixture package)
{
    private const string Text = "The [MASK] of the [MASK] is [MASK].";

    [Fact]
    public void Greedy_fills_list_k_alternatives_most_probable_first_headed_by_the_chosen_token()
    {
        using var model = MariaModel.Load(package.PackageDirectory);
        var result = model.Infill(Text, new InfillOptions(Alternatives: 5));
        Assert.Equal(3, result.Tokens.Count);
        foreach (var token in result.Tokens)
        {
            Assert.Equal(5, token.Alternatives.Count);
            Assert.Equal(token.TokenId, token.Alternatives[0].TokenId);
            Assert.Equal(token.Probability, token.Alternatives[0].Probability, 1e-5f);
            Assert.Equal(token.Text, token.Alternatives[0].Text);
            Assert.True(token.Alternatives.Zip(token.Alternatives.Skip(1)).All(pair => pair.First.Probability >= pair.Second.Probability));
            Assert.Equal(5, token.Alternatives.Select(a => a.TokenId).Distinct().Count());
            Assert.InRange(token.Alternatives.Sum(a => a.Probability), 0f, 1.0001f);
        }
    }

    [Fact]
    public void Each_alternative_has_the_probability_score_gives_that_token_at_a_single_mask()
    {
        using var model = MariaModel.Load(package.PackageDirectory);
        var filled = model.Infill("The [MASK] of the Union.", new InfillOptions(Alternatives: 3)).Tokens[0];
        foreach (var alternative in filled.Alternatives)
        {
            double logP = model.Score("The [MASK] of the Union.", [alternative.TokenId]).LogLikelihood;
            Assert.Equal(Math.Exp(logP), alternative.Probability, 1e-4);
        }
    }

    [Fact]
    public void Without_asking_no_alternatives_are_listed_and_the_fills_are_the_same()
    {
        using var model = MariaModel.Load(package.PackageDirectory);
        var plain = model.Infill(Text);
        var listed = model.Infill(Text, new InfillOptions(Alternatives: 4));
        Assert.All(plain.Tokens, token => Assert.Empty(token.Alternatives));
        Assert.Equal(plain.Output, listed.Output);
    }

    [Fact]
    public async Task Streamed_tokens_carry_their_alternatives()
    {
        using var model = MariaModel.Load(package.PackageDirectory);
        int tokens = 0;
        await foreach (var e in model.StreamAsync(Text, new InfillOptions(Alternatives: 2)))
        {
            if (e.Token is { } token)
            {
                Assert.Equal(2, token.Alternatives.Count);
                tokens++;
            }
        }
        Assert.Equal(3, tokens);
    }
}
