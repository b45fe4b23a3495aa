using Maria.Runtime.Masking;
using Maria.Training.Data;

namespace Maria.Training.Tests.Data;

public class PretrainingBatchBuilderTests
{
    private static int[] Encode(string text) => text.Select(c => (int)c).ToArray();

    [Fact]
    public void Every_document_is_preceded_by_end_of_text_and_the_stream_is_cut_into_whole_windows()
    {
        var windows = TokenWindows.Build(["ab", "cde", "f"], Encode, endOfTextId: 0, windowLength: 4);

        // stream: 0 a b 0 c d e 0 f  (9 tokens) -> two windows, the last token dropped
        Assert.Equal(9, windows.TokenCount);
        Assert.Equal(2, windows.Count);
        Assert.Equal([0, 'a', 'b', 0], windows[0].ToArray());
        Assert.Equal(['c', 'd', 'e', 0], windows[1].ToArray());
    }

    [Fact]
    public void Causal_labels_are_the_next_token_and_the_last_position_is_unlabelled()
    {
        var windows = TokenWindows.FromStream([5, 6, 7, 8, 9, 10], windowLength: 3);
        var builder = PretrainingBatchBuilder.Causal(windows);

        var batch = builder.Build([1, 0], new SeededRandom(0));

        Assert.Equal(3, batch.SequenceLength);
        Assert.Equal([8, 9, 10, 5, 6, 7], batch.InputIds);
        Assert.Equal([9, 10, -100, 6, 7, -100], batch.Labels);
    }

    [Fact]
    public void Masked_sequences_are_wrapped_in_cls_and_sep()
    {
        var windows = TokenWindows.FromStream(Enumerable.Range(0, 20).ToArray(), windowLength: 10);
        var masker = new MaskedLanguageModelMasker(maskId: 104, ordinaryTokenCount: 98, neverSelected: [101, 102, 103]);
        var builder = PretrainingBatchBuilder.Masked(windows, masker, clsId: 101, sepId: 102);

        var batch = builder.Build([0, 1], new SeededRandom(1), maskRate: 0.0);

        Assert.Equal(12, batch.SequenceLength);
        Assert.Equal(101, batch.InputIds[0]);
        Assert.Equal(102, batch.InputIds[11]);
        Assert.Equal(Enumerable.Range(10, 10).Select(i => (long)i), batch.InputIds.Skip(13).Take(10));
        Assert.Equal(0, batch.LabelledCount);
    }

    [Fact]
    public void Masked_batches_label_thirty_percent_of_the_text_tokens()
    {
        var windows = TokenWindows.FromStream(Enumerable.Range(0, 1000).Select(i => i % 90).ToArray(), windowLength: 100);
        var masker = new MaskedLanguageModelMasker(maskId: 104, ordinaryTokenCount: 98, neverSelected: [101, 102, 103]);
        var builder = PretrainingBatchBuilder.Masked(windows, masker, clsId: 101, sepId: 102);

        var batch = builder.Build([0, 1, 2, 3], new SeededRandom(1));

        Assert.Equal(4 * 30, batch.LabelledCount);
    }
}
