namespace Maria.Export.Onnx;

/// <summary>
/// How <see cref="OnnxGraphBuilder.Save"/> places initialiser bytes: inline in the .onnx file, or in ONE
/// external data file beside it with every tensor's offset aligned so that ONNX Runtime can
/// memory-map it (64 KiB covers the Windows allocation granularity and every Linux page size).
/// </summary>
public sealed record ExternalDataOptions
{
    /// <summary>Default options: automatic placement, 1 KiB threshold, 64 KiB alignment.</summary>
    public static ExternalDataOptions Default { get; } = new();

    /// <summary>Options that force external data (initialisers of 1 KiB or more).</summary>
    public static ExternalDataOptions External { get; } = new() { Mode = ExternalDataMode.Always };

    /// <summary>Options that keep every initialiser inline.</summary>
    public static ExternalDataOptions Inline { get; } = new() { Mode = ExternalDataMode.Never };

    /// <summary>The protobuf limit on one serialized message (2 GiB - 1), less a margin for the graph itself.</summary>
    public const long InlineLimitBytes = int.MaxValue - (64L << 20);

    /// <summary>
    /// <see cref="ExternalDataMode.Automatic"/> keeps a model inline only up to this many initialiser bytes (256 MiB):
    /// an inline model is assembled in memory before it is written, while external data is streamed one tensor at a
    /// time, so the limit bounds the export's private memory (a 1B-shape int4 decoder of 750 MB inline took 750 MiB).
    /// </summary>
    public long AutomaticInlineMaxBytes { get; init; } = 256L << 20;

    /// <summary>When to use external data.</summary>
    public ExternalDataMode Mode { get; init; } = ExternalDataMode.Automatic;

    /// <summary>Initialisers smaller than this stay inline even when external data is on (shapes, scalars).</summary>
    public long MinimumExternalBytes { get; init; } = 1024;

    /// <summary>Alignment of every tensor's offset in the external file, in bytes (a power of two).</summary>
    public long Alignment { get; init; } = 65536;

    /// <summary>
    /// The external file's name, relative to the model's folder; null means the model file name plus
    /// <c>.data</c> (<c>model.onnx</c> -> <c>model.onnx.data</c>).
    /// </summary>
    public string? FileName { get; init; }
}
