namespace Maria.Export.Onnx;

/// <summary>What <see cref="OnnxGraphBuilder.Save"/> wrote.</summary>
/// <param name="ModelPath">The .onnx file.</param>
/// <param name="ExternalDataPath">The external data file, or null when every initialiser is inline.</param>
/// <param name="ExternalTensorCount">Number of initialisers stored in the external file.</param>
/// <param name="ExternalDataBytes">Size of the external file, padding included.</param>
public sealed record OnnxSaveResult(string ModelPath, string? ExternalDataPath, int ExternalTensorCount, long ExternalDataBytes);
