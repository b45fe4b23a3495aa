using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using Maria.Export.Files;

namespace Maria.Export.Checkpoints;

/// <summary>
/// Writes safetensors files as the reference writer does: 8-byte little-endian header length, JSON header padded with
/// spaces to a multiple of 8, then the tensors' bytes back to back in the order given. Offsets are computed from the
/// shapes before any data is produced, and data is streamed one tensor at a time through a FileStream.
/// Files are written through <see cref="AtomicFile"/> (a temporary beside the target, renamed when complete).
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>Writes one safetensors file with the given tensors and optional <c>__metadata__</c>.</summary>
    public static void Write(string path, IReadOnlyList<TensorToWrite> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        long[] byteLengths = CheckTensors(path, tensors);
        byte[] header = BuildHeader(tensors, byteLengths, metadata);
        AtomicFile.WriteStream(path, stream =>
        {
            Span<byte> prefix = stackalloc byte[SafetensorsLayout.LengthPrefixBytes];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
            stream.Write(prefix);
            stream.Write(header);
            for (int i = 0; i < tensors.Count; i++)
            {
                var data = tensors[i].Data();
                if (data.Length != byteLengths[i])
                {
                    throw new SafetensorsFormatException(SafetensorsHeaderParser.Tensor(path, tensors[i].Name,
                        $"the data callback returned {data.Length} bytes but {tensors[i].DType.ToHeaderString()} x shape [{string.Join(", ", tensors[i].Shape)}] needs {byteLengths[i]}"));
                }
                stream.Write(data.Span);
            }
        }, bufferSize: 1 << 20);
    }

    /// <summary>
    /// Writes a Hub-style sharded checkpoint into <paramref name="directory"/>: <c>model-00001-of-0000N.safetensors</c>
    /// (tensors in the order given, a new shard whenever the next tensor would push a shard past
    /// <paramref name="maxShardBytes"/>; a larger tensor gets a shard of its own) and <c>model.safetensors.index.json</c>
    /// (<c>{"metadata": {"total_size": bytes}, "weight_map": {tensor: shard}}</c>). Every shard carries <paramref name="metadata"/>.
    /// </summary>
    public static void WriteSharded(string directory, IReadOnlyList<TensorToWrite> tensors, long maxShardBytes, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxShardBytes);
        string indexPath = Path.Combine(directory, SafetensorsLayout.IndexFileName);
        long[] byteLengths = CheckTensors(indexPath, tensors);
        var shards = Partition(tensors, byteLengths, maxShardBytes);
        Directory.CreateDirectory(directory);
        var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (int s = 0; s < shards.Count; s++)
        {
            string shardName = $"model-{s + 1:D5}-of-{shards.Count:D5}.safetensors";
            Write(Path.Combine(directory, shardName), shards[s], metadata);
            foreach (var tensor in shards[s])
            {
                weightMap.Add(tensor.Name, shardName);
            }
        }
        WriteIndex(indexPath, byteLengths.Sum(), weightMap);
    }

    private static List<List<TensorToWrite>> Partition(IReadOnlyList<TensorToWrite> tensors, long[] byteLengths, long maxShardBytes)
    {
        var shards = new List<List<TensorToWrite>> { new() };
        long current = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            if (shards[^1].Count > 0 && current + byteLengths[i] > maxShardBytes)
            {
                shards.Add([]);
                current = 0;
            }
            shards[^1].Add(tensors[i]);
            current += byteLengths[i];
        }
        return shards;
    }

    private static void WriteIndex(string indexPath, long totalSize, SortedDictionary<string, string> weightMap)
    {
        AtomicFile.WriteStream(indexPath, stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            json.WriteStartObject();
            json.WriteStartObject("metadata");
            json.WriteNumber("total_size", totalSize);
            json.WriteEndObject();
            json.WriteStartObject("weight_map");
            foreach (var (tensor, shard) in weightMap)
            {
                json.WriteString(tensor, shard);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    /// <summary>Checks names and shapes before anything is written; returns each tensor's byte length.</summary>
    private static long[] CheckTensors(string file, IReadOnlyList<TensorToWrite> tensors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var byteLengths = new long[tensors.Count];
        for (int i = 0; i < tensors.Count; i++)
        {
            var tensor = tensors[i];
            if (string.IsNullOrEmpty(tensor.Name) || tensor.Name == SafetensorsLayout.MetadataKey)
            {
                throw new SafetensorsFormatException($"safetensors file '{file}': tensor #{i} has the name '{tensor.Name}', which is empty or reserved; give it a real name");
            }
            if (!names.Add(tensor.Name))
            {
                throw new SafetensorsFormatException(SafetensorsHeaderParser.Tensor(file, tensor.Name, "two tensors to write have this name; names must be unique"));
            }
            if (tensor.Shape.Any(dimension => dimension < 0))
            {
                throw new SafetensorsFormatException(SafetensorsHeaderParser.Tensor(file, tensor.Name, $"shape [{string.Join(", ", tensor.Shape)}] has a negative dimension"));
            }
            byteLengths[i] = tensor.ByteLength;
        }
        return byteLengths;
    }

    private static byte[] BuildHeader(IReadOnlyList<TensorToWrite> tensors, long[] byteLengths, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(SafetensorsLayout.MetadataKey);
                foreach (var (key, value) in metadata)
                {
                    json.WriteString(key, value);
                }
                json.WriteEndObject();
            }
            long offset = 0;
            for (int i = 0; i < tensors.Count; i++)
            {
                json.WriteStartObject(tensors[i].Name);
                json.WriteString("dtype", tensors[i].DType.ToHeaderString());
                json.WriteStartArray("shape");
                foreach (long dimension in tensors[i].Shape)
                {
                    json.WriteNumberValue(dimension);
                }
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + byteLengths[i]);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += byteLengths[i];
            }
            json.WriteEndObject();
        }
        int padded = (buffer.WrittenCount + SafetensorsLayout.HeaderAlignment - 1) / SafetensorsLayout.HeaderAlignment * SafetensorsLayout.HeaderAlignment;
        byte[] header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }
}
