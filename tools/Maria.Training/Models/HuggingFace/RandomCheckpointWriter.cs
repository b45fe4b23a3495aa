using System.Buffers;
using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Training.Models.Common;
using Maria.Training.Models.ModernBert;

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
        if (config is ModernBertConfig modernBert)
        {
            ModernBertSupport.Require(modernBert);   // the reference's options, which the layout alone does not check
        }
        var layout = HuggingFaceTensorLayout.For(config);
        // The writer asks for one tensor's bytes at a time and has written them before it asks for the next, so a
        // single buffer the size of the largest tensor serves them all: memory stays at one tensor, with no
        // large-object garbage piling up between collections.
        byte[]? buffer = null;
        var tensors = layout
            .Select(spec => new TensorToWrite(spec.Name, storeAs, spec.Shape, () =>
            {
                progress?.Invoke(spec);
                buffer ??= new byte[checked(layout.Max(t => t.ElementCount) * storeAs.ByteSize())];
                return Generate(spec, seed, storeAs, buffer);
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

    // Converts chunk by chunk straight into the shared byte buffer; returns the tensor's part of it.
    private static ReadOnlyMemory<byte> Generate(TensorSpec spec, ulong seed, SafetensorsDType storeAs, byte[] buffer)
    {
        int elementBytes = storeAs.ByteSize();
        var bytes = buffer.AsMemory(0, checked((int)(spec.ElementCount * elementBytes)));
        FillChunks(spec, seed, (chunk, chunkValues) =>
        {
            long start = chunk * SeededNormalStream.ChunkElements * elementBytes;
            TensorDataConversion.FromFloat32(chunkValues, storeAs, bytes.Span.Slice((int)start, chunkValues.Length * elementBytes));
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
            // Pooled: a fresh 4 MB array per chunk would be large-object garbage, thousands of times per checkpoint.
            float[] rented = ArrayPool<float>.Shared.Rent(length);
            var values = rented.AsSpan(0, length);
            switch (spec.Role)
            {
                case TensorRole.NormScale:
                    values.Fill(1f);
                    break;
                case TensorRole.Bias:
                    values.Clear();
                    break;
                default:
                    SeededNormalStream.Fill(seed, spec.Name, chunk, TensorRoles.InitializerRange, values);
                    break;
            }
            sink(chunk, values);
            ArrayPool<float>.Shared.Return(rented);
        });
    }

    private delegate void ChunkSink(long chunk, ReadOnlySpan<float> values);
}
