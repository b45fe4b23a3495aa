using Maria.Export.Configs;
using Maria.Export.Packaging;
using Maria.Runtime;

namespace Maria.Export.Tests.Packaging;

public sealed class ContextLengthsTests
{
    [Fact]
    public void Olmo_1b_with_modernbert_gets_the_olmo_context_and_one_more_for_the_encoder()
    {
        Assert.Equal(new ContextLengths(2048, 2049), ContextLengths.Choose(ModernBertConfig.Large(), OlmoConfig.Olmo1B(), null));
    }

    [Fact]
    public void A_masked_model_with_the_shorter_context_limits_the_decoder_to_one_less()
    {
        var masked = ModernBertConfig.Base() with { MaxPositionEmbeddings = 512 };

        Assert.Equal(new ContextLengths(511, 512), ContextLengths.Choose(masked, OlmoConfig.Olmo1B(), null));
    }

    [Fact]
    public void A_requested_context_within_the_limit_is_used()
    {
        Assert.Equal(new ContextLengths(1024, 1025), ContextLengths.Choose(ModernBertConfig.Base(), OlmoConfig.Olmo1B(), 1024));
    }

    [Theory]
    [InlineData(2049)]
    [InlineData(1)]
    public void A_requested_context_outside_2_to_the_limit_is_refused(int requested)
    {
        var e = Assert.Throws<MariaInputException>(() => ContextLengths.Choose(ModernBertConfig.Base(), OlmoConfig.Olmo1B(), requested));

        Assert.Contains($"--context {requested} is out of range: it must be 2..2048", e.Message);
    }
}
