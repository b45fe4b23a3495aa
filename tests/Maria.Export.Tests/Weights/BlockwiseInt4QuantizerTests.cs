using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Weights;
using Maria.Runtime;

namespace Maria.Export.Tests.Weights;

/// <summary>
/// 4-bit blocks read back by this test's own nibble arithmetic (low nibble = even index) and compared with the
/// source row: the rounding error of each value is at most half a quantisation step.
/// </summary>
public sealed class BlockwiseInt4QuantizerTests
{
    private static float[] RandomRow(int length, int seed, float offset = 0f)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => offset + (float)(random.NextDouble() * 2 - 1) * MathF.Pow(2, random.Next(-6, 3)))];
    }

    [Theory]
    [InlineData(32)]
    [InlineData(128)]
    public void Symmetric_blocks_round_to_within_half_a_step_except_where_the_side_opposite_the_extreme_clips_at_7_steps(int blockSize)
    {
        float[] row = RandomRow(4 * blockSize, blockSize);
        var packed = new byte[row.Length / 2];
        var scales = new float[4];

        BlockwiseInt4Quantizer.QuantizeRow(row, blockSize, packed, scales, []);

        for (int i = 0; i < row.Length; i++)
        {
            int block = i / blockSize;
            float step = row.Skip(block * blockSize).Take(blockSize).Max(Math.Abs) / 8;
            int q = (packed[i / 2] >> (4 * (i % 2))) & 0xF;
            float dequantised = (q - 8) * scales[block];
            // -8..7: the extreme is -8 steps; a value of the other sign beyond 7.5 steps clips to 7 (error below one step).
            float bound = Math.Max(step / 2, Math.Abs(row[i]) - 7 * step);
            Assert.True(Math.Abs(dequantised - row[i]) <= bound * 1.0001f,
                $"value {i} = {row[i]} read back as {dequantised} (q {q}, scale {scales[block]}); the step is {step}");
            Assert.True(bound <= step * 1.0001f);
        }
    }

    [Fact]
    public void The_value_of_largest_magnitude_is_stored_exactly_as_nibble_0()
    {
        float[] row = [.. Enumerable.Range(0, 32).Select(i => i == 5 ? 0.75f : 0.01f * i)];
        var packed = new byte[16];
        var scales = new float[1];

        BlockwiseInt4Quantizer.QuantizeRow(row, 32, packed, scales, []);

        Assert.Equal(0, (packed[2] >> 4) & 0xF);          // value 5: byte 2, high nibble
        Assert.Equal(0.75f, (0 - 8) * scales[0]);
    }

    [Fact]
    public void Zero_point_blocks_cover_an_offset_range_within_half_a_step_and_pack_two_zero_points_per_byte()
    {
        const int blockSize = 32;
        float[] row = [.. RandomRow(3 * blockSize, 7, offset: 1.5f)]; // mostly positive: asymmetric blocks use the range better
        var packed = new byte[row.Length / 2];
        var scales = new float[3];
        var zeroPoints = new byte[2];                                  // ceil(3 / 2)

        BlockwiseInt4Quantizer.QuantizeRow(row, blockSize, packed, scales, zeroPoints);

        for (int i = 0; i < row.Length; i++)
        {
            int block = i / blockSize;
            var values = row.Skip(block * blockSize).Take(blockSize).ToArray();
            float range = Math.Max(0, values.Max()) - Math.Min(0, values.Min());
            int q = (packed[i / 2] >> (4 * (i % 2))) & 0xF;
            int z = (zeroPoints[block / 2] >> (4 * (block % 2))) & 0xF;
            float dequantised = (q - z) * scales[block];
            Assert.True(Math.Abs(dequantised - row[i]) <= range / 30 * 1.001f,
                $"value {i} = {row[i]} read back as {dequantised} (q {q}, z {z}, scale {scales[block]})");
        }
    }

    [Fact]
    public void An_all_zero_block_reads_back_as_exact_zeros()
    {
        var packed = new byte[16];
        var scales = new float[1];
        var zeroPoints = new byte[1];

        BlockwiseInt4Quantizer.QuantizeRow(new float[32], 32, packed, scales, zeroPoints);
        var back = new float[32];
        BlockwiseInt4Quantizer.DequantizeRow(packed, scales, zeroPoints, 32, back);

        Assert.All(back, value => Assert.Equal(0f, value));
    }

    [Fact]
    public void A_layer_whose_input_dimension_the_block_size_does_not_divide_is_refused_by_name()
    {
        var builder = new OnnxGraphBuilder();
        var weight = WeightMatrix.FromArray(new float[4 * 96], 4, 96, "mlp.down_proj.weight");

        var error = Assert.Throws<MariaInputException>(() => QuantizedLinear.AddWeight(builder, "/model/layers.3/mlp/down_proj", [weight], WeightStorage.Int4Block128));

        Assert.Contains("--block-size 128 does not divide the input dimension 96 of layer '/model/layers.3/mlp/down_proj' (mlp.down_proj.weight)", error.Message);
    }
}
