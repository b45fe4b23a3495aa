namespace Maria.Export.Checkpoints;

/// <summary>A tensor of a parsed header: its description and where its bytes start in the data section.</summary>
/// <param name="Info">Name, dtype, shape, byte length.</param>
/// <param name="DataBegin">Offset of the first byte, relative to the start of the data section.</param>
internal sealed record HeaderTensorEntry(TensorInfo Info, long DataBegin)
{
    /// <summary>Offset one past the last byte, relative to the start of the data section.</summary>
    public long DataEnd => DataBegin + Info.ByteLength;
}
