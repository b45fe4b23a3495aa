using Maria.Runtime.Generation;
using Maria.Runtime.Tests.Engine;

namespace Maria.Runtime.Tests.Generation;

/// <summary>Invalid generation options fail with one-line messages before any model runs.</summary>
[Collection(TinyPackageCollection.Name)]
public sealed class GenerationOptionsTests(TinyPackageFixture package)
{
    [Theory]
    [InlineData(0, 0, 0.3, "length 0 is below 1")]
    [InlineData(-3, 0, 0.3, "length -3 is below 1")]
    [InlineData(8, -1, 0.3, "-1 refinement iterations is negative")]
    [InlineData(8, 2, 0.0, "re-mask fraction 0 is outside (0, 1]")]
    [InlineData(8, 2, 1.5, "re-mask fraction 1.5 is outside (0, 1]")]
    [InlineData(8, 2, double.NaN, "re-mask fraction NaN is outside (0, 1]")]
    public void Out_of_range_values_are_rejected_with_a_one_line_message(int length, int iterations, double fraction, string expected)
    {
        var error = Assert.Throws<MariaInputException>(() => new GenerationOptions(length, iterations, fraction).Validate());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void An_undefined_schedule_is_rejected() =>
        Assert.Throws<MariaInputException>(() => new GenerationOptions(8, 2, Schedule: (TemperatureSchedule)7).Validate());

    [Theory]
    [InlineData(10, 0.3, 3)]
    [InlineData(5, 0.3, 2)]
    [InlineData(1, 0.3, 1)]
    [InlineData(10, 0.01, 1)]
    [InlineData(7, 1.0, 7)]
    public void The_remask_count_is_the_rounded_fraction_of_the_length_and_at_least_one(int length, double fraction, int expected) =>
        Assert.Equal(expected, new GenerationOptions(length, 1, fraction).RemaskCount);

    [Fact]
    public void A_prefix_plus_length_beyond_the_context_is_rejected_by_generate()
    {
        using var model = MariaModel.Load(package.PackageDirectory);
        var error = Assert.Throws<MariaInputException>(() => model.Generate(new GenerationOptions(model.Baselines.MaxTokens, Prefix: "The state")));
        Assert.Contains("the model's context holds at most", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prefix_with_a_special_token_is_rejected_by_generate()
    {
        using var model = MariaModel.Load(package.PackageDirectory);
        var error = Assert.Throws<MariaInputException>(() => model.Generate(new GenerationOptions(4, Prefix: "The [MASK] of")));
        Assert.Contains("special token '[MASK]'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_options_are_rejected_by_the_stream_before_any_iteration()
    {
        using var model = MariaModel.Load(package.PackageDirectory);
        await Assert.ThrowsAsync<MariaInputException>(async () =>
        {
            await foreach (var _ in model.GenerateStreamAsync(new GenerationOptions(0)))
            {
                Assert.Fail("no iteration may be produced");
            }
        });
    }
}
