namespace Maria.Export.Onnx;

/// <summary>Initialiser bytes held in one owned array (small tensors and converted copies).</summary>
internal sealed class InMemoryInitializerData(byte[] bytes) : InitializerData
{
    /// <summary>The owned bytes; the saver wraps them without copying when the tensor stays inline.</summary>
    public byte[] Bytes { get; } = bytes;

    public override long ByteLength => Bytes.LongLength;

    public override void WriteTo(Stream destination) => destination.Write(Bytes);
}
