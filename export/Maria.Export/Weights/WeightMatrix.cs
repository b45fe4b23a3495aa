using Maria.Export.Checkpoints;

namespace Maria.Export.Weights;

/// <summary>
/// A read-only row-major float matrix <c>[Rows, Columns]</c> whose values are produced row by row on demand, so that a
/// graph builder can stream (and transpose) multi-gigabyte checkpoint weights into an ONNX file without holding them.
/// A vector is a matrix with one row. Views (<see cref="Slice"/>, <see cref="Scale"/>) cost nothing until read.
/// </summary>
public abstract class WeightMatrix
{
    /// <summary>Number of rows (output features of an nn.Linear weight).</summary>
    public abstract int Rows { get; }

    /// <summary>Number of columns (input features of an nn.Linear weight).</summary>
    public abstract int Columns { get; }

    /// <summary>Where the values come from, for messages, e.g. <c>lm_head.weight[0:50280, :] × 0.5</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Number of elements.</summary>
    public long ElementCount => (long)Rows * Columns;

    /// <summary>Writes columns <c>[columnStart, columnStart + destination.Length)</c> of row <paramref name="row"/> as float32.</summary>
    public abstract void ReadRow(int row, int columnStart, Span<float> destination);

    /// <summary>A 2-D tensor of a checkpoint (F32, F16 or BF16), read in place from the memory-mapped file.</summary>
    public static WeightMatrix FromTensor(ITensorSource source, string tensorName) => TensorWeightMatrix.Matrix(source, tensorName);

    /// <summary>A 1-D tensor of a checkpoint as a one-row matrix.</summary>
    public static WeightMatrix FromVectorTensor(ITensorSource source, string tensorName) => TensorWeightMatrix.Vector(source, tensorName);

    /// <summary>Values already in memory (not copied; do not modify them afterwards).</summary>
    public static WeightMatrix FromArray(float[] values, int rows, int columns, string description) =>
        new ArrayWeightMatrix(values, rows, columns, description);

    /// <summary>The block of rows <c>[rowStart, rowStart+rowCount)</c> and columns <c>[columnStart, columnStart+columnCount)</c>.</summary>
    public WeightMatrix Slice(int rowStart, int rowCount, int columnStart, int columnCount) =>
        new SlicedWeightMatrix(this, rowStart, rowCount, columnStart, columnCount);

    /// <summary>The first <paramref name="rowCount"/> rows (e.g. the shared-vocabulary rows of an output matrix).</summary>
    public WeightMatrix FirstRows(int rowCount) => Slice(0, rowCount, 0, Columns);

    /// <summary>Every value multiplied by <paramref name="factor"/> when read.</summary>
    public WeightMatrix Scale(float factor) => new ScaledWeightMatrix(this, factor);

    /// <summary>Reads the whole matrix into a new row-major array (for small matrices and tests).</summary>
    public float[] ToArray()
    {
        var values = new float[ElementCount];
        for (int row = 0; row < Rows; row++)
        {
            ReadRow(row, 0, values.AsSpan(row * Columns, Columns));
        }

        return values;
    }
}
