
namespace Maria.Runtime.Tests.Reliability;

/// <summary>
/// A text to fill is untrusted input (issue 17): 10^6 masks, or any text past 2^20 characters, is refused in one line
/// before it is tokenized; a text under that bound but over the context is refused after tokenizing with its token
/// count, its cost bounded by the character bound. Allocation is measured on the test thread (Infill runs on it).
/// </summary>
public sealed class UntrustedTextLimitTests : IDisposable
{
    private readonly MariaModel model = MariaModel.Load(Path.Combine(RepositoryFiles.Root, "models", "maria-tiny"));

    [Fact]
    public void A_text_of_a_million_masks_is_refused_before_it_is_tokenized()
    {
        string text = string.Concat(Enumerable.Repeat("[MASK]", 1_000_000));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<MariaInputException>(() => model.Infill(text));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("the text is 6,000,000 characters, more than the 1,048,576 a text to fill may have (far beyond any model context); shorten the text or split it", error.Message);
        Assert.InRange(allocated, 0, 1L << 20);
    }

    [Fact]
    public void A_text_of_200_thousand_word_blanks_is_refused_before_it_is_tokenized()
    {
        string text = string.Concat(Enumerable.Repeat("[WORD] ", 200_000));

        var error = Assert.Throws<MariaInputException>(() => model.Infill(text));

        Assert.StartsWith("the text is 1,400,000 characters, more than the 1,048,576", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_under_the_character_bound_but_over_the_context_is_refused_with_its_token_count()
    {
        string text = string.Concat(Enumerable.Repeat("[MASK]", 20_000));

        var error = Assert.Throws<MariaInputException>(() => model.Infill(text));

        Assert.Equal("the text is 20000 tokens but the model's context holds at most 1022 text tokens; shorten the text or split it", error.Message);
    }

    public void Dispose() => model.Dispose();
}
