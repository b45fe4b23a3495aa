using Microsoft.ML.OnnxRuntime;

namespace Maria.Export.Tests.Onnx;

/// <summary>A named input for a test run: data and shape, turned into an OrtValue over the managed array.</summary>
internal sealed record TestTensor(string Name, Array Data, long[] Shape)
{
    public static TestTensor Float(string name, float[] data, params long[] shape) => new(name, data, shape);

    public static TestTensor Int64(string name, long[] data, params long[] shape) => new(name, data, shape);

    public static TestTensor Int32(string name, int[] data, params long[] shape) => new(name, data, shape);

    public OrtValue ToOrtValue() => Data switch
    {
        float[] floats => OrtValue.CreateTensorValueFromMemory(floats, Shape),
        long[] longs => OrtValue.CreateTensorValueFromMemory(longs, Shape),
        int[] ints => OrtValue.CreateTensorValueFromMemory(ints, Shape),
        _ => throw new NotSupportedException($"test tensor '{Name}': element type {Data.GetType()} is not supported"),
    };
}
