using System.Runtime.InteropServices;
using Maria.Export.Checkpoints;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;

namespace Maria.Export.Architectures.ModernBert;

/// <summary>
/// Adds checkpoint matrices to a graph as deferred initialisers: nothing is read when the node is emitted; at save
/// time the bytes are converted from the memory-mapped safetensors file in chunks of about 1 MB (transposed to
/// <c>[in, out]</c> for MatMul where asked, converted to fp16 for <see cref="WeightStorage.Float16"/>), so the
/// exporter's memory does not grow with the model. Each method returns a float32 value: the initialiser itself, or
/// one Cast of the fp16 initialiser (ONNX Runtime folds it at load).
/// </summary>
internal static class CheckpointInitializers
{
    private const int ChunkElements = 1 << 18;

    /// <summary>
    /// nn.Linear weight <c>[out, in]</c> -> initialiser <c>{prefix}.MatMul.weight</c> of shape <c>[in, out]</c>.
    /// <paramref name="onWrite"/> runs when the saver reaches the tensor (progress reporting).
    /// </summary>
    public static string AddTransposedMatrix(OnnxGraphBuilder builder, string prefix, ITensorSource tensors, string tensorName,
        WeightStorage storage, Action? onWrite = null)
    {
        var info = tensors.GetInfo(tensorName);
        long rows = info.Shape[0], columns = info.Shape[1];
        return AddDeferred(builder, prefix, "MatMul.weight", [columns, rows], storage, stream =>
        {
            onWrite?.Invoke();
            WriteTransposed(tensors, info, storage, stream);
        });
    }

    /// <summary>A matrix kept in checkpoint orientation (embeddings: gathered by row, multiplied with transB = 1).</summary>
    public static string AddMatrix(OnnxGraphBuilder builder, string prefix, string suffix, ITensorSource tensors, string tensorName,
        WeightStorage storage, Action? onWrite = null)
    {
        var info = tensors.GetInfo(tensorName);
        return AddDeferred(builder, prefix, suffix, info.Shape, storage, stream =>
        {
            onWrite?.Invoke();
            WriteAsIs(tensors, info, storage, stream);
        });
    }

    private static string AddDeferred(OnnxGraphBuilder builder, string prefix, string suffix, long[] dims, WeightStorage storage, Action<Stream> write)
    {
        long elements = dims.Aggregate(1L, (product, dimension) => checked(product * dimension));
        var type = storage == WeightStorage.Float16 ? TensorProto.Types.DataType.Float16 : TensorProto.Types.DataType.Float;
        string stored = builder.AddInitializer(BlockNames.Initializer(prefix, suffix), type, dims,
            InitializerData.Deferred(checked(elements * ElementBytes(storage)), write));
        return storage == WeightStorage.Float16
            ? builder.AddNode($"{prefix}/{suffix}/Cast", "Cast", [stored], OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Float))
            : stored;
    }

    /// <summary>[out, in] row-major -> [in, out] row-major, a block of output rows (input columns) at a time.</summary>
    private static void WriteTransposed(ITensorSource tensors, TensorInfo info, WeightStorage storage, Stream stream)
    {
        int outFeatures = checked((int)info.Shape[0]), inFeatures = checked((int)info.Shape[1]);
        int elementSize = info.DType.ByteSize();
        int block = Math.Max(1, ChunkElements / outFeatures);
        var column = new float[block];                 // W[o, i0 .. i0+count)
        var transposed = new float[block * outFeatures]; // rows i0 .. i0+count of the [in, out] result
        var bytes = new byte[transposed.Length * ElementBytes(storage)];
        for (int start = 0; start < inFeatures; start += block)
        {
            int count = Math.Min(block, inFeatures - start);
            var raw = tensors.GetBytes(info.Name);
            for (int o = 0; o < outFeatures; o++)
            {
                int offset = checked(((o * inFeatures) + start) * elementSize);
                TensorDataConversion.ToFloat32(raw.Slice(offset, count * elementSize), info.DType, column.AsSpan(0, count));
                for (int r = 0; r < count; r++)
                {
                    transposed[(r * outFeatures) + o] = column[r];
                }
            }
            Write(transposed.AsSpan(0, count * outFeatures), storage, bytes, stream);
        }
    }

    private static void WriteAsIs(ITensorSource tensors, TensorInfo info, WeightStorage storage, Stream stream)
    {
        long total = info.ElementCount;
        int elementSize = info.DType.ByteSize();
        var values = new float[(int)Math.Min(ChunkElements, total)];
        var bytes = new byte[values.Length * ElementBytes(storage)];
        for (long start = 0; start < total; start += values.Length)
        {
            int count = (int)Math.Min(values.Length, total - start);
            var raw = tensors.GetBytes(info.Name);
            TensorDataConversion.ToFloat32(raw.Slice(checked((int)(start * elementSize)), count * elementSize), info.DType, values.AsSpan(0, count));
            Write(values.AsSpan(0, count), storage, bytes, stream);
        }
    }

    private static void Write(ReadOnlySpan<float> values, WeightStorage storage, byte[] buffer, Stream stream)
    {
        if (storage != WeightStorage.Float16)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        var destination = buffer.AsSpan(0, values.Length * 2);
        TensorDataConversion.FromFloat32(values, SafetensorsDType.F16, destination);
        stream.Write(destination);
    }

    private static int ElementBytes(WeightStorage storage) => storage == WeightStorage.Float16 ? 2 : 4;
}
