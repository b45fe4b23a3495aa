using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Export.Tests.Onnx;
using Maria.Export.Weights;

namespace Maria.Export.Tests.Weights;

public sealed class WeightInitializersTests
{
    /// <summary>x = identity [in, in] times the stored weight returns the stored [in, out] matrix itself.</summary>
    private static float[] StoredMatrix(IReadOnlyList<WeightMatrix> parts, WeightStorage storage)
    {
        int inFeatures = parts[0].Columns;
        var builder = new OnnxGraphBuilder();
        string x = builder.AddInput("x", TensorProto.Types.DataType.Float, inFeatures, inFeatures);
        string weight = WeightInitializers.AddTransposed(builder, "/packed", "MatMul.weight", parts, storage);
        builder.AddNode("/packed/MatMul", "MatMul", OnnxDomains.Standard, [x, weight], ["y"]);
        builder.AddOutput("y", TensorProto.Types.DataType.Float, inFeatures, parts.Sum(p => p.Rows));
        var identity = new float[inFeatures * inFeatures];
        for (int i = 0; i < inFeatures; i++)
        {
            identity[i * inFeatures + i] = 1f;
        }

        using var session = OrtTestSession.FromBuilder(builder);
        return session.RunSingle("y", TestTensor.Float("x", identity, inFeatures, inFeatures));
    }

    /// <summary>The expected packed matrix: row i = column i of each part, parts side by side.</summary>
    private static float[] Transposed(int inFeatures, params float[][] parts)
    {
        int[] rows = parts.Select(p => p.Length / inFeatures).ToArray();
        int total = rows.Sum();
        var packed = new float[inFeatures * total];
        int offset = 0;
        for (int p = 0; p < parts.Length; p++)
        {
            for (int r = 0; r < rows[p]; r++)
            {
                for (int i = 0; i < inFeatures; i++)
                {
                    packed[i * total + offset + r] = parts[p][r * inFeatures + i];
                }
            }

            offset += rows[p];
        }

        return packed;
    }

    [Fact]
    public void Packed_parts_are_stored_transposed_side_by_side()
    {
        float[] query = TestData.Random(1, 6 * 4), key = TestData.Random(2, 2 * 4), value = TestData.Random(3, 2 * 4);
        var parts = new[] { WeightMatrix.FromArray(query, 6, 4, "q"), WeightMatrix.FromArray(key, 2, 4, "k"), WeightMatrix.FromArray(value, 2, 4, "v") };

        float[] stored = StoredMatrix(parts, WeightStorage.Float32);

        Assert.Equal(Transposed(4, query, key, value), stored);
    }

    [Fact]
    public void A_matrix_wider_than_one_transposition_buffer_is_written_block_by_block()
    {
        // 5 input features x 1,000,000 outputs exceeds the 4M-float buffer: blocks of 4 features, then 1.
        float[] first = TestData.Random(4, 600_000 * 5), second = TestData.Random(5, 400_000 * 5);
        var parts = new[] { WeightMatrix.FromArray(first, 600_000, 5, "first"), WeightMatrix.FromArray(second, 400_000, 5, "second") };

        float[] stored = StoredMatrix(parts, WeightStorage.Float32);

        Assert.Equal(Transposed(5, first, second), stored);
    }

    [Fact]
    public void Float16_storage_holds_the_half_precision_values()
    {
        float[] values = TestData.Random(6, 3 * 8);
        float[] stored = StoredMatrix([WeightMatrix.FromArray(values, 3, 8, "w")], WeightStorage.Float16);

        Assert.Equal(Transposed(8, values.Select(v => (float)(Half)v).ToArray()), stored);
    }

    [Fact]
    public void Slices_and_scales_read_the_chosen_block_times_the_factor()
    {
        float[] values = Enumerable.Range(0, 4 * 5).Select(i => (float)i).ToArray();
        var matrix = WeightMatrix.FromArray(values, 4, 5, "m");

        float[] block = matrix.Slice(1, 2, 2, 3).Scale(0.5f).ToArray();

        Assert.Equal([3.5f, 4f, 4.5f, 6f, 6.5f, 7f], block);
        Assert.Equal("m[1:3, 2:5] × 0.5", matrix.Slice(1, 2, 2, 3).Scale(0.5f).Description);
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Slice(3, 2, 0, 5));
    }
}
