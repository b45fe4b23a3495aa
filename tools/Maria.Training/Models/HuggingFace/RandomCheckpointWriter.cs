using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Training.Models.Common;

namespace Maria.Training.Models.HuggingFace;

/// <summary>
/// Writes a Hugging Face checkpoint folder with random weights for any config, without building a module: each
/// tensor of <see cref="HuggingFaceTensorLayout"/> is generated when the writer reaches it (matrices ~ normal(0, 0.02)
/// seeded per tensor name, norm scales = 1, biases = 0) and streamed to disk, so memory stays at one tensor even
/// for OLMo-7B. The same seed gives the same bytes.
/// </summary>
public static class RandomCheckpointWriter
{
    /// <summary>
    /// Writes config.json and the weights (one model.safetensors, or Hub-style shards when larger than
    /// <paramref name="maxShardBytes"/>) into <paramref name="directory"/>, plus tokenizer.json when given.
    /// <paramref name="progress"/> hears each tensor name as it is written.
    /// </summary>
    public static void Write(ModelConfig config, string directory, ulong seed, SafetensorsDType storeAs,
        long maxShardBytes = HuggingFaceFolder.DefaultMaxShardBytes, string? tokenizerJsonPath = null, Action<TensorSpec>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (storeAs is not (SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16))
        {
            throw new ArgumentException($"random weights are stored as F32, F16 or BF16, not {storeAs.ToHeaderString()}", nameof(storeAs));
        }
        var tensors = HuggingFaceTensorLayout.For(config)
            .Select(spec => new TensorToWrite(spec.Name, storeAs, spec.Shape, () =>
            {
                progress?.Invoke(spec);
                return Generate(spec, seed, storeAs);
            }))
            .ToList();
        HuggingFaceFolder.WriteFolder(config, directory, tensors, tokenizerJsonPath, maxShardBytes);
    }

    /// <summary>The fp32 values <see cref="Write"/> stores for <paramref name="spec"/> (before any F16/BF16 rounding).</summary>
    public static float[] Values(TensorSpec spec, ulong seed)
    {
        var values = new float[spec.ElementCount];
        FillChunks(spec, seed, (chunk, chunkValues) => chunkValues.CopyTo(values.AsSpan((int)(chunk * SeededNormalStream.ChunkElements))));
        return values;
    }

    // Converts chunk by chunk straight into the tensor's byte buffer: the only large allocation is the tensor itself.
    private static byte[] Generate(TensorSpec spec, ulong seed, SafetensorsDType storeAs)
    {
        int elementBytes = storeAs.ByteSize();
        var bytes = new byte[checked(spec.ElementCount * elementBytes)];
        FillChunks(spec, seed, (chunk, chunkValues) =>
        {
            long start = chunk * SeededNormalStream.ChunkElements * elementBytes;
            TensorDataConversion.FromFloat32(chunkValues, storeAs, bytes.AsSpan((int)start, chunkValues.Length * elementBytes));
        });
        return bytes;
    }

    private static void FillChunks(TensorSpec spec, ulong seed, ChunkSink sink)
    {
        long count = spec.ElementCount;
        long chunks = (count + SeededNormalStream.ChunkElements - 1) / SeededNormalStream.ChunkElements;
        Parallel.For(0L, chunks, chunk =>
        {
            int length = (int)Math.Min(SeededNormalStream.ChunkElements, count - chunk * SeededNormalStream.ChunkElements);
            var values = new float[length];
            switch (spec.Role)
            {
                case TensorRole.NormScale:
                    values.AsSpan().Fill(1f);
                    break;
                case TensorRole.Bias:
                    break;
                default:
                    SeededNormalStream.Fill(seed, spec.Name, chunk, TensorRoles.InitializerRange, values);
                    break;
            }
            sink(chunk, values);
        });
    }

    private delegate void ChunkSink(long chunk, ReadOnlySpan<float> values);
}
