namespace Maria.Export.Weights;

/// <summary>A matrix over a managed row-major array (trained heads, tests).</summary>
internal sealed class ArrayWeightMatrix : WeightMatrix
{
    private readonly float[] _values;

    public ArrayWeightMatrix(float[] values, int rows, int columns, string description)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (values.LongLength != (long)rows * columns)
        {
            throw new ArgumentException($"{description}: {values.LongLength} values do not make a [{rows}, {columns}] matrix", nameof(values));
        }

        _values = values;
        Rows = rows;
        Columns = columns;
        Description = description;
    }

    public override int Rows { get; }

    public override int Columns { get; }

    public override string Description { get; }

    public override void ReadRow(int row, int columnStart, Span<float> destination) =>
        _values.AsSpan(checked(row * Columns + columnStart), destination.Length).CopyTo(destination);
}
