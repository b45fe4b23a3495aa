using Maria.Export.Onnx.Proto;

namespace Maria.Export.Onnx;

/// <summary>An initialiser recorded by the builder; its bytes are produced only when the model is saved.</summary>
internal sealed record PendingInitializer(string Name, TensorProto.Types.DataType DataType, long[] Dims, InitializerData Data);
