namespace Maria.Export.Weights;

/// <summary>A rectangular block of another matrix (no copy).</summary>
internal sealed class SlicedWeightMatrix : WeightMatrix
{
    private readonly WeightMatrix _inner;
    private readonly int _rowStart;
    private readonly int _columnStart;

    public SlicedWeightMatrix(WeightMatrix inner, int rowStart, int rowCount, int columnStart, int columnCount)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (rowStart < 0 || rowCount < 0 || (long)rowStart + rowCount > inner.Rows
            || columnStart < 0 || columnCount < 0 || (long)columnStart + columnCount > inner.Columns)
        {
            throw new ArgumentOutOfRangeException(nameof(rowStart),
                $"{inner.Description}: block rows [{rowStart}, {rowStart + rowCount}) columns [{columnStart}, {columnStart + columnCount}) lies outside [{inner.Rows}, {inner.Columns}]");
        }

        _inner = inner;
        _rowStart = rowStart;
        _columnStart = columnStart;
        Rows = rowCount;
        Columns = columnCount;
    }

    public override int Rows { get; }

    public override int Columns { get; }

    public override string Description =>
        $"{_inner.Description}[{_rowStart}:{_rowStart + Rows}, {_columnStart}:{_columnStart + Columns}]";

    public override void ReadRow(int row, int columnStart, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Rows, nameof(row));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columnStart + destination.Length, Columns, nameof(destination));
        _inner.ReadRow(_rowStart + row, _columnStart + columnStart, destination);
    }
}
