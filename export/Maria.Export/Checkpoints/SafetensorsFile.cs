using System.IO.MemoryMappedFiles;

namespace Maria.Export.Checkpoints;

/// <summary>
/// One memory-mapped safetensors file. Only the JSON header is copied into managed memory; tensor bytes
/// are read in place through the mapping, so multi-GB checkpoints cost address space, not heap.
/// </summary>
public sealed unsafe class SafetensorsFile : ITensorSource
{
    private readonly MemoryMappedFile mapping;
    private readonly MemoryMappedViewAccessor view;
    private readonly byte* dataSection;
    private readonly Dictionary<string, HeaderTensorEntry> entries;
    private bool disposed;

    private SafetensorsFile(string path, MemoryMappedFile mapping, MemoryMappedViewAccessor view, long dataSectionOffset,
        IReadOnlyList<HeaderTensorEntry> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        this.mapping = mapping;
        this.view = view;
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        dataSection = start + view.PointerOffset + dataSectionOffset;
        entries = tensors.ToDictionary(t => t.Info.Name, StringComparer.Ordinal);
        Tensors = [.. tensors.Select(t => t.Info)];
        Metadata = metadata;
    }

    /// <summary>The path the file was opened with.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Size of the whole file in bytes.</summary>
    public long FileLength => view.Capacity;

    /// <summary>
    /// Opens and validates a safetensors file (header length, JSON, dtypes, byte lengths, offsets, overlaps, unique names).
    /// Throws <see cref="FileNotFoundException"/> when it does not exist and <see cref="SafetensorsFormatException"/> for any violation.
    /// </summary>
    public static SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"safetensors file '{path}' does not exist; check the path", path);
        }
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            long fileLength = stream.Length;
            long headerLength = ReadHeaderLength(stream, fileLength, path);
            byte[] header = new byte[headerLength];
            stream.ReadExactly(header);
            if (header.Length == 0 || header[0] != (byte)'{')
            {
                throw new SafetensorsFormatException(SafetensorsHeaderParser.Header(path, "the JSON header does not start with '{'"));
            }
            long dataOffset = SafetensorsLayout.LengthPrefixBytes + headerLength;
            var (tensors, metadata) = SafetensorsHeaderParser.Parse(header, fileLength - dataOffset, path);
            var mapping = MemoryMappedFile.CreateFromFile(stream, mapName: null, capacity: 0, MemoryMappedFileAccess.Read,
                HandleInheritability.None, leaveOpen: false);
            try
            {
                var view = mapping.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
                return new SafetensorsFile(path, mapping, view, dataOffset, tensors, metadata);
            }
            catch
            {
                mapping.Dispose();
                throw;
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static long ReadHeaderLength(FileStream stream, long fileLength, string path)
    {
        if (fileLength < SafetensorsLayout.LengthPrefixBytes)
        {
            throw new SafetensorsFormatException(SafetensorsHeaderParser.Header(path,
                $"the file has {fileLength} bytes, fewer than the 8-byte header length prefix (truncated or empty)"));
        }
        Span<byte> prefix = stackalloc byte[SafetensorsLayout.LengthPrefixBytes];
        stream.ReadExactly(prefix);
        ulong length = TensorDataConversion.ReadLengthPrefix(prefix);
        if (length > SafetensorsLayout.MaxHeaderBytes)
        {
            throw new SafetensorsFormatException(SafetensorsHeaderParser.Header(path,
                $"header length {length} is absurd (the format allows at most {SafetensorsLayout.MaxHeaderBytes} bytes)"));
        }
        long available = fileLength - SafetensorsLayout.LengthPrefixBytes;
        if ((long)length > available)
        {
            throw new SafetensorsFormatException(SafetensorsHeaderParser.Header(path,
                $"header length {length} runs past the end of the file, which has only {available} bytes after the length prefix (truncated?)"));
        }
        if (length < 2)
        {
            throw new SafetensorsFormatException(SafetensorsHeaderParser.Header(path, $"header length {length} is too short for a JSON object"));
        }
        return (long)length;
    }

    /// <inheritdoc/>
    public bool Contains(string name) => entries.ContainsKey(name);

    /// <inheritdoc/>
    public TensorInfo GetInfo(string name) => GetEntry(name).Info;

    /// <inheritdoc/>
    public ReadOnlySpan<byte> GetBytes(string name)
    {
        var entry = GetEntry(name);
        if (entry.Info.ByteLength > int.MaxValue)
        {
            throw new NotSupportedException(
                $"tensor '{name}' in '{Path}' has {entry.Info.ByteLength} bytes, more than one span can address (2 GiB)");
        }
        return new ReadOnlySpan<byte>(dataSection + entry.DataBegin, (int)entry.Info.ByteLength);
    }

    /// <inheritdoc/>
    public void ReadAsFloat32(string name, Span<float> destination)
    {
        var info = GetInfo(name);
        if (destination.Length != info.ElementCount)
        {
            throw new ArgumentException($"tensor '{name}' has {info.ElementCount} elements but the destination holds {destination.Length}", nameof(destination));
        }
        TensorDataConversion.ToFloat32(GetBytes(name), info.DType, destination);
    }

    /// <inheritdoc/>
    public float[] ReadAsFloat32(string name)
    {
        var values = new float[GetInfo(name).ElementCount];
        ReadAsFloat32(name, values);
        return values;
    }

    private HeaderTensorEntry GetEntry(string name)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (entries.TryGetValue(name, out var entry))
        {
            return entry;
        }
        throw new SafetensorsFormatException(
            $"tensor '{name}' is not in safetensors file '{Path}' ({entries.Count} tensors{TensorNameHints.Similar(name, entries.Keys)}); check the tensor name and that the checkpoint matches the architecture");
    }

    /// <summary>Unmaps the file; spans obtained earlier become invalid.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        mapping.Dispose();
    }
}
