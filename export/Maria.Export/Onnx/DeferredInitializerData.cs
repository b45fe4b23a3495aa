namespace Maria.Export.Onnx;

/// <summary>Initialiser bytes produced by a callback at save time (nothing held in memory before).</summary>
internal sealed class DeferredInitializerData(long byteLength, Action<Stream> write) : InitializerData
{
    public override long ByteLength { get; } = byteLength;

    public override void WriteTo(Stream destination) => write(destination);
}
