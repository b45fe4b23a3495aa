using System.Numerics.Tensors;

namespace Maria.Export.Weights;

/// <summary>Another matrix times a constant (the product-of-experts halves).</summary>
internal sealed class ScaledWeightMatrix(WeightMatrix inner, float factor) : WeightMatrix
{
    public override int Rows => inner.Rows;

    public override int Columns => inner.Columns;

    public override string Description => $"{inner.Description} × {factor}";

    public override void ReadRow(int row, int columnStart, Span<float> destination)
    {
        inner.ReadRow(row, columnStart, destination);
        TensorPrimitives.Multiply(destination, factor, destination);
    }
}
