using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;

namespace Maria.Export.Weights;

/// <summary>
/// Adds <see cref="WeightMatrix"/> values to a graph as deferred initialisers: nothing is read until the model is
/// saved, and then the bytes are produced block by block (transposed and converted on the way), so exporting a
/// multi-gigabyte checkpoint needs memory for a few megabytes of buffer, not for the model.
/// </summary>
public static class WeightInitializers
{
    // Floats per transposition buffer (16 MB): enough rows at once that each source row read is a long run.
    private const int BufferFloats = 4 << 20;

    /// <summary>
    /// Adds <c>[in, Σ out_i]</c> = the transposes of <paramref name="parts"/> (each <c>[out_i, in]</c>, nn.Linear
    /// orientation) side by side, i.e. the weight of one packed <c>MatMul(x, W)</c> whose output columns are part 0's
    /// outputs, then part 1's, and so on. Stored as float32, or float16 followed by one Cast node.
    /// </summary>
    /// <returns>A float32 value <c>[in, Σ out_i]</c>.</returns>
    public static string AddTransposed(OnnxGraphBuilder builder, string prefix, string suffix, IReadOnlyList<WeightMatrix> parts, WeightStorage storage)
    {
        string name = BlockNames.Initializer(prefix, suffix);
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException($"initialiser '{name}': no parts to pack", nameof(parts));
        }

        int inFeatures = parts[0].Columns;
        foreach (var part in parts)
        {
            if (part.Columns != inFeatures)
            {
                throw new ArgumentException(
                    $"initialiser '{name}': {part.Description} has {part.Columns} input columns but {parts[0].Description} has {inFeatures}; packed parts share the input", nameof(parts));
            }
        }

        int outFeatures = checked(parts.Sum(part => part.Rows));
        return AddStored(builder, prefix, suffix, [inFeatures, outFeatures], storage, sink => WriteTransposed(parts, inFeatures, outFeatures, sink));
    }

    /// <summary>Adds the matrix in its own orientation <c>[rows, columns]</c> (an embedding table for Gather).</summary>
    /// <returns>A float32 value <c>[rows, columns]</c>.</returns>
    public static string AddAsStored(OnnxGraphBuilder builder, string prefix, string suffix, WeightMatrix matrix, WeightStorage storage)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(matrix);
        return AddStored(builder, prefix, suffix, [matrix.Rows, matrix.Columns], storage, sink => WriteRows(matrix, sink));
    }

    /// <summary>Adds a one-row matrix as a vector <c>[columns]</c> (a bias), always float32.</summary>
    public static string AddVector(OnnxGraphBuilder builder, string prefix, string suffix, WeightMatrix vector)
    {
        string name = BlockNames.Initializer(prefix, suffix);
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(vector);
        if (vector.Rows != 1)
        {
            throw new ArgumentException($"initialiser '{name}': {vector.Description} has {vector.Rows} rows; a vector has one", nameof(vector));
        }

        return AddStored(builder, prefix, suffix, [vector.Columns], WeightStorage.Float32, sink => WriteRows(vector, sink));
    }

    private static string AddStored(OnnxGraphBuilder builder, string prefix, string suffix, long[] dims, WeightStorage storage, Action<Action<ReadOnlySpan<float>>> produce)
    {
        string name = BlockNames.Initializer(prefix, suffix);
        long elements = dims.Aggregate(1L, (product, dimension) => checked(product * dimension));
        bool half = storage == WeightStorage.Float16;
        var type = half ? TensorProto.Types.DataType.Float16 : TensorProto.Types.DataType.Float;
        var data = InitializerData.Deferred(elements * (half ? 2 : 4), stream => produce(values => WriteValues(stream, values, half)));
        string stored = builder.AddInitializer(name, type, dims, data);
        if (!half)
        {
            return stored;
        }

        return builder.AddNode($"{prefix}/{suffix}/Cast", "Cast", [stored], OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Float));
    }

    private static void WriteValues(Stream stream, ReadOnlySpan<float> values, bool half)
    {
        if (!half)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        var halves = new Half[values.Length];
        TensorPrimitives.ConvertToHalf(values, halves);
        stream.Write(MemoryMarshal.AsBytes(halves.AsSpan()));
    }

    private static void WriteRows(WeightMatrix matrix, Action<ReadOnlySpan<float>> sink)
    {
        int rowsPerBlock = Math.Max(1, BufferFloats / Math.Max(1, matrix.Columns));
        var buffer = new float[(long)Math.Min(rowsPerBlock, Math.Max(1, matrix.Rows)) * matrix.Columns];
        for (int start = 0; start < matrix.Rows; start += rowsPerBlock)
        {
            int count = Math.Min(rowsPerBlock, matrix.Rows - start);
            for (int row = 0; row < count; row++)
            {
                matrix.ReadRow(start + row, 0, buffer.AsSpan(row * matrix.Columns, matrix.Columns));
            }

            sink(buffer.AsSpan(0, count * matrix.Columns));
        }
    }

    /// <summary>
    /// Output row i (an input feature) holds column i of every part. Built a block of input features at a time:
    /// for each source row read the block's columns (one contiguous run), then scatter them into the block's rows.
    /// </summary>
    private static void WriteTransposed(IReadOnlyList<WeightMatrix> parts, int inFeatures, int outFeatures, Action<ReadOnlySpan<float>> sink)
    {
        int featuresPerBlock = Math.Clamp(BufferFloats / Math.Max(1, outFeatures), 1, Math.Max(1, inFeatures));
        var block = new float[(long)featuresPerBlock * outFeatures];
        var run = new float[featuresPerBlock];
        for (int start = 0; start < inFeatures; start += featuresPerBlock)
        {
            int count = Math.Min(featuresPerBlock, inFeatures - start);
            int offset = 0;
            foreach (var part in parts)
            {
                for (int row = 0; row < part.Rows; row++)
                {
                    part.ReadRow(row, start, run.AsSpan(0, count));
                    int column = offset + row;
                    for (int i = 0; i < count; i++)
                    {
                        block[i * outFeatures + column] = run[i];
                    }
                }

                offset += part.Rows;
            }

            sink(block.AsSpan(0, count * outFeatures));
        }
    }
}
