using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Export.Tests.Onnx;

namespace Maria.Export.Tests.Graphs;

public class BidirectionalAttentionTests
{
    private const int Heads = 2;
    private const int HeadDim = 8;
    private const int Width = Heads * HeadDim;

    /// <summary>q, k, v, attention_mask -> MultiHeadAttention with a global or a ±halfWindow local mask.</summary>
    private static (float[] Output, float[] Mask) Run(float[] q, float[] k, float[] v, long[] mask, int batch, int seq, int? halfWindow)
    {
        var builder = new OnnxGraphBuilder();
        string[] qkv = ["q", "k", "v"];
        foreach (string name in qkv)
        {
            builder.AddInput(name, TensorProto.Types.DataType.Float, "batch_size", "sequence_length", Width);
        }

        string attentionMask = builder.AddInput("attention_mask", TensorProto.Types.DataType.Int64, "batch_size", "sequence_length");
        string additive = halfWindow is { } window
            ? AttentionMaskBlock.AddSlidingWindowMask(builder, "/model/local_mask", attentionMask, window)
            : AttentionMaskBlock.AddPaddingMask(builder, "/model/global_mask", attentionMask);
        string output = BidirectionalAttentionBlock.AddMultiHeadAttention(builder, "/model/layers.0/attn", "q", "k", "v", additive, Heads);
        builder.AddNode("/output/Identity", "Identity", OnnxDomains.Standard, [output], ["y"]);
        builder.AddNode("/mask/Identity", "Identity", OnnxDomains.Standard, [additive], ["mask"]);
        builder.AddOutput("y", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", Width);
        builder.AddOutput("mask", TensorProto.Types.DataType.Float, "batch_size", 1, "sequence_length", "sequence_length");
        using var session = OrtTestSession.FromBuilder(builder);
        var outputs = session.Run(["y", "mask"],
            TestTensor.Float("q", q, batch, seq, Width), TestTensor.Float("k", k, batch, seq, Width), TestTensor.Float("v", v, batch, seq, Width),
            TestTensor.Int64("attention_mask", mask, batch, seq));
        return (outputs["y"].Values, outputs["mask"].Values);
    }

    private static long[] RightPadded(int seq, params int[] realLengths) =>
        realLengths.SelectMany(length => Enumerable.Range(0, seq).Select(position => position < length ? 1L : 0L)).ToArray();

    [Fact]
    public void Global_attention_masks_only_padding_keys()
    {
        const int seq = 20;
        float[] q = TestData.Random(81, 2 * seq * Width, 2f);
        float[] k = TestData.Random(82, 2 * seq * Width, 2f);
        float[] v = TestData.Random(83, 2 * seq * Width);
        long[] mask = RightPadded(seq, 20, 13);

        var (actual, additive) = Run(q, k, v, mask, 2, seq, null);

        float[] expected = ReferenceAttention.Attention(q, k, v, 2, seq, seq, Heads, Heads, HeadDim, (b, _, j) => mask[b * seq + j] == 1);
        TestData.AssertClose(expected, actual, 1e-5f);
        Assert.Equal(AttentionMaskBlock.MaskedValue, additive[seq * seq + 5 * seq + 13]);
        Assert.DoesNotContain(additive, float.IsNegativeInfinity);
    }

    [Fact]
    public void Local_attention_allows_keys_within_64_positions_and_masks_padding_beyond_128_tokens()
    {
        // 150 tokens: the ±64 window matters, and in row 1 (real length 70) queries from 135 on see only
        // padding inside their window, so their rows are fully masked and become uniform (finite mask, no NaN).
        const int seq = 150;
        float[] q = TestData.Random(84, 2 * seq * Width, 2f);
        float[] k = TestData.Random(85, 2 * seq * Width, 2f);
        float[] v = TestData.Random(86, 2 * seq * Width);
        long[] mask = RightPadded(seq, 150, 70);

        var (actual, _) = Run(q, k, v, mask, 2, seq, 64);

        float[] expected = ReferenceAttention.Attention(q, k, v, 2, seq, seq, Heads, Heads, HeadDim,
            (b, i, j) => mask[b * seq + j] == 1 && Math.Abs(i - j) <= 64);
        TestData.AssertClose(expected, actual, 1e-5f);
        float[] global = ReferenceAttention.Attention(q, k, v, 2, seq, seq, Heads, Heads, HeadDim, (b, _, j) => mask[b * seq + j] == 1);
        Assert.True(expected.Zip(global, (a, g) => Math.Abs(a - g)).Max() > 1e-3, "the window must change the result for this input");
    }
}
