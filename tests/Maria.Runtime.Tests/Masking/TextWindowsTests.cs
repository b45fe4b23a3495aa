using Maria.Runtime.Masking;

namespace Maria.Runtime.Tests.Masking;

/// <summary>Windowing, the text-token filter and the context check shared by evaluation and training.</summary>
public sealed class TextWindowsTests
{
    [Fact]
    public void Consecutive_windows_cover_the_tokens_in_order_and_keep_a_long_enough_tail()
    {
        int[] ids = [.. Enumerable.Range(0, 10)];
        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]], TextWindows.Consecutive(ids, 4).ToArray());
        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7]], TextWindows.Consecutive(ids, 4, minimumLength: 3).ToArray());
        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]], TextWindows.Consecutive(ids, 4, minimumLength: 2).ToArray());
        Assert.Empty(TextWindows.Consecutive([], 4));
    }

    [Fact]
    public void Consecutive_refuses_a_minimum_longer_than_the_window() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TextWindows.Consecutive([1, 2], 2, minimumLength: 3));

    [Theory]
    [InlineData(0, true)]
    [InlineData(4095, true)]
    [InlineData(4096, false)]
    [InlineData(-1, false)]
    public void Text_tokens_are_the_shared_vocabulary_ids(int id, bool expected) =>
        Assert.Equal(expected, TextTokens.IsText(id, 4096));

    [Fact]
    public void The_context_check_names_the_input_the_limit_and_the_fix()
    {
        TextTokens.EnsureFits(1022, 1022, "the text", "shorten it");
        var error = Assert.Throws<MariaInputException>(() => TextTokens.EnsureFits(1023, 1022, "the text", "shorten it"));
        Assert.Equal("the text is 1023 tokens but the model's context holds at most 1022 text tokens; shorten it", error.Message);
    }
}
