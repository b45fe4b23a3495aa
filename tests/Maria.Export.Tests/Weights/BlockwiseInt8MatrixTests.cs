using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Tests.Onnx;
using Maria.Export.Weights;

namespace Maria.Export.Tests.Weights;

/// <summary>
/// Stored 8-bit blocks as a weight matrix (a head recovered from an int8 package): read as MatMulNBits reads them, and
/// copied, not re-quantised, into a new int8 graph. K = 48: two blocks per row, the second padded.
/// </summary>
public sealed class BlockwiseInt8MatrixTests
{
    private const int Columns = 48;
    private const int Blocks = 2;

    private static (byte[] Quantized, float[] Scales) Quantize(float[] weight, int rows)
    {
        var quantized = new byte[rows * Blocks * BlockwiseInt8Quantizer.BlockSize];
        var scales = new float[rows * Blocks];
        for (int r = 0; r < rows; r++)
        {
            BlockwiseInt8Quantizer.QuantizeRow(weight.AsSpan(r * Columns, Columns),
                quantized.AsSpan(r * Blocks * BlockwiseInt8Quantizer.BlockSize, Blocks * BlockwiseInt8Quantizer.BlockSize), scales.AsSpan(r * Blocks, Blocks));
        }

        return (quantized, scales);
    }

    [Fact]
    public void Reading_a_row_gives_q_minus_128_times_its_block_scale()
    {
        var (quantized, scales) = Quantize(TestData.Random(81, 3 * Columns), 3);
        var matrix = new BlockwiseInt8Matrix(quantized, scales, 3, Columns, "test");
        var expected = new float[Columns];
        var tail = new float[10];

        BlockwiseInt8Quantizer.DequantizeRow(quantized.AsSpan(2 * 64, 64), scales.AsSpan(4, 2), expected);
        matrix.ReadRow(2, 30, tail);

        Assert.Equal(expected, matrix.ToArray()[(2 * Columns)..]);
        Assert.Equal(expected[30..40], tail);
    }

    [Fact]
    public void Requantising_dequantised_blocks_gives_back_the_same_bytes_and_scales_at_every_float_exponent()
    {
        // 8 rows per power of two from 2^-149 (subnormal) to 2^127, values up to ±1.99·2^p.
        const int perExponent = 8;
        int rows = (127 + 149 + 1) * perExponent;
        float[] weight = TestData.Random(82, rows * Columns, 1.99f);
        for (int r = 0; r < rows; r++)
        {
            float scale = MathF.ScaleB(1f, r / perExponent - 149);
            for (int i = 0; i < Columns; i++)
            {
                weight[r * Columns + i] *= scale;
            }
        }

        var (quantized, scales) = Quantize(weight, rows);
        float[] dequantized = new BlockwiseInt8Matrix(quantized, scales, rows, Columns, "test").ToArray();

        var (again, againScales) = Quantize(dequantized, rows);

        // So a head saved from an int8 package (--save-head) and exported again at int8 (--head) keeps its bytes too.
        Assert.Equal(quantized, again);
        Assert.Equal(scales, againScales);
    }

    [Fact]
    public void An_int8_linear_over_stored_blocks_writes_exactly_those_blocks_even_where_requantising_would_not()
    {
        var (quantized, scales) = Quantize(TestData.Random(83, 5 * Columns), 5);
        // Row 1, block 0 as a quantiser with a narrower range would write it: largest |q - 128| is 63, not 127.
        for (int i = 64; i < 96; i++)
        {
            quantized[i] = (byte)(128 + (quantized[i] - 128) / 2);
        }

        var matrix = new BlockwiseInt8Matrix(quantized, scales, 5, Columns, "test");
        var (requantized, _) = Quantize(matrix.ToArray(), 5);
        Assert.NotEqual(quantized, requantized);
        var builder = new OnnxGraphBuilder();

        var linear = QuantizedLinear.AddWeight(builder, "/head", [matrix], WeightStorage.Int8);

        var initializers = builder.BuildInlineModel().Graph.Initializer.ToDictionary(t => t.Name);
        Assert.Equal(quantized, initializers[linear.Weight].RawData.ToByteArray());
        Assert.Equal(scales, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(initializers[linear.Scales!].RawData.Span).ToArray());
    }
}
