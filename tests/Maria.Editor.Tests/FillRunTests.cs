using System.Text;
using Maria.Runtime;

namespace Maria.Editor.Tests;

/// <summary>The editor's fill, without a terminal: what it streams and what its status line says of it.</summary>
public sealed class FillRunTests
{
    private static string ModelDirectory => Path.Combine(RepositoryFiles.Root, "models", "maria-tiny");

    [Fact]
    public async Task A_text_with_blanks_streams_the_library_fill_and_counts_tokens_against_masks_and_blanks()
    {
        const string text = "The President of the [WORD] States shall give to the [MASK] information of the [BLANK] of the Union.";
        using var model = MariaModel.Load(ModelDirectory);
        var expected = model.Infill(text);
        var run = new FillRun(model, text, alternatives: 0);
        var streamed = new StringBuilder();

        var outcome = await run.RunAsync((delta, _) => streamed.Append(delta));

        Assert.Equal(FillState.Completed, outcome.State);
        Assert.Equal(expected.Output, streamed.ToString());
        Assert.Equal("filling 0 tokens for 1 mask and 2 blanks...", run.Progress(0));
        Assert.Equal($"filled {expected.Tokens.Count} tokens for 1 mask and 2 blanks", outcome.Describe());
    }

    [Fact]
    public async Task A_text_of_masks_only_counts_filled_of_masks()
    {
        const string text = "The [MASK] of the Union is [MASK].";
        using var model = MariaModel.Load(ModelDirectory);
        var run = new FillRun(model, text, alternatives: 0);

        var outcome = await run.RunAsync((_, _) => { });

        Assert.Equal("filling 1 of 2 masks...", run.Progress(1));
        Assert.Equal("filled 2 of 2 masks", outcome.Describe());
        Assert.Equal("cancelled after 3 tokens for 2 masks and 1 blank", (outcome with { State = FillState.Cancelled, Filled = 3, Blanks = 1 }).Describe());
    }
}
