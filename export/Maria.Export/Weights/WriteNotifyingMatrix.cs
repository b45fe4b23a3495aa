namespace Maria.Export.Weights;

/// <summary>A matrix that calls a callback once, on its first row read (progress reporting when the saver reaches it).</summary>
internal sealed class WriteNotifyingMatrix(WeightMatrix inner, Action onFirstRead) : WeightMatrix
{
    private bool _notified;

    public override int Rows => inner.Rows;

    public override int Columns => inner.Columns;

    public override string Description => inner.Description;

    public override void ReadRow(int row, int columnStart, Span<float> destination)
    {
        if (!_notified)
        {
            _notified = true;
            onFirstRead();
        }

        inner.ReadRow(row, columnStart, destination);
    }
}
