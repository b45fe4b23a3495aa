using Maria.Export.Checkpoints;

namespace Maria.Fuzz.Targets;

/// <summary>A whole .safetensors file (length prefix, JSON header, data): opened, every tensor's bytes read and, when small, converted to float32.</summary>
internal sealed class SafetensorsTarget : IFuzzTarget
{
    public string Run(byte[] input)
    {
        string path = ScratchFiles.Write("input.safetensors", input);
        return ParserContract.Check(() =>
        {
            using var file = SafetensorsFile.Open(path);
            SafetensorsReading.ReadAll(file, file.Tensors);
        });
    }
}

/// <summary>What a reader does with an opened checkpoint: every tensor's bytes, and float32 values of the small ones.</summary>
internal static class SafetensorsReading
{
    public static void ReadAll(ITensorSource source, IReadOnlyList<TensorInfo> tensors)
    {
        foreach (var tensor in tensors)
        {
            if (source.GetBytes(tensor.Name).Length != tensor.ByteLength)
            {
                throw new ContractViolationException($"tensor {tensor.Name}: {source.GetBytes(tensor.Name).Length} bytes read, the header says {tensor.ByteLength}");
            }
            if (tensor.ElementCount <= 1 << 16)
            {
                source.ReadAsFloat32(tensor.Name);
            }
        }
    }
}
