using Maria.Export.Checkpoints;
using Maria.Runtime;

namespace Maria.Export.Weights;

/// <summary>A float tensor of a checkpoint read in place; each row read converts only the requested bytes.</summary>
internal sealed class TensorWeightMatrix : WeightMatrix
{
    private readonly ITensorSource _source;
    private readonly string _name;
    private readonly SafetensorsDType _dtype;

    private TensorWeightMatrix(ITensorSource source, string name, SafetensorsDType dtype, int rows, int columns)
    {
        _source = source;
        _name = name;
        _dtype = dtype;
        Rows = rows;
        Columns = columns;
    }

    public override int Rows { get; }

    public override int Columns { get; }

    public override string Description => _name;

    public static TensorWeightMatrix Matrix(ITensorSource source, string name)
    {
        var info = Describe(source, name);
        if (info.Shape.Length != 2)
        {
            throw new MariaInputException($"tensor '{name}' has shape {info.ShapeText}; expected a matrix [rows, columns]");
        }

        return new TensorWeightMatrix(source, name, info.DType, checked((int)info.Shape[0]), checked((int)info.Shape[1]));
    }

    public static TensorWeightMatrix Vector(ITensorSource source, string name)
    {
        var info = Describe(source, name);
        if (info.Shape.Length != 1)
        {
            throw new MariaInputException($"tensor '{name}' has shape {info.ShapeText}; expected a vector [size]");
        }

        return new TensorWeightMatrix(source, name, info.DType, 1, checked((int)info.Shape[0]));
    }

    public override void ReadRow(int row, int columnStart, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Rows, nameof(row));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columnStart + destination.Length, Columns, nameof(destination));
        int elementBytes = _dtype.ByteSize();
        long start = ((long)row * Columns + columnStart) * elementBytes;
        var bytes = _source.GetBytes(_name).Slice(checked((int)start), destination.Length * elementBytes);
        TensorDataConversion.ToFloat32(bytes, _dtype, destination);
    }

    private static TensorInfo Describe(ITensorSource source, string name)
    {
        ArgumentNullException.ThrowIfNull(source);
        var info = source.GetInfo(name);
        if (info.DType is not (SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16))
        {
            throw new MariaInputException($"tensor '{name}' is {info.DType.ToHeaderString()}; expected a float tensor (F32, F16 or BF16)");
        }

        return info;
    }
}
