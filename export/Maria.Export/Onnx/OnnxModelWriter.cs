using Google.Protobuf;
using Maria.Export.Files;
using Maria.Export.Onnx.Proto;
using Maria.Runtime;

namespace Maria.Export.Onnx;

/// <summary>
/// Turns a builder's pending initialisers into TensorProtos and writes the model. External tensors are
/// streamed one at a time into a single data file (each offset a multiple of the alignment, zero padding
/// between), so at most one deferred tensor's bytes pass through memory at a time and the .onnx file holds
/// only the graph and the small inline tensors.
/// </summary>
internal static class OnnxModelWriter
{
    public static ModelProto BuildInline(OnnxGraphBuilder builder)
    {
        long total = builder.InitializerBytes;
        if (total > ExternalDataOptions.InlineLimitBytes)
        {
            throw TooLargeForInline(builder, total);
        }

        var model = builder.CreateModelSkeleton();
        foreach (var initializer in builder.Initializers)
        {
            model.Graph.Initializer.Add(InlineTensor(initializer));
        }

        return model;
    }

    public static OnnxSaveResult Save(OnnxGraphBuilder builder, string path, ExternalDataOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (options.Alignment <= 0 || (options.Alignment & (options.Alignment - 1)) != 0)
        {
            throw new ArgumentException($"external data alignment must be a positive power of two, got {options.Alignment}", nameof(options));
        }

        long total = builder.InitializerBytes;
        bool external = options.Mode switch
        {
            ExternalDataMode.Always => true,
            ExternalDataMode.Never => total <= ExternalDataOptions.InlineLimitBytes ? false : throw TooLargeForInline(builder, total),
            _ => total > Math.Min(options.AutomaticInlineMaxBytes, ExternalDataOptions.InlineLimitBytes),
        };

        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        var model = builder.CreateModelSkeleton();
        string? dataPath = null;
        int externalCount = 0;
        long dataBytes = 0;
        var externalTensors = external
            ? builder.Initializers.Where(initializer => initializer.Data.ByteLength >= options.MinimumExternalBytes).ToHashSet()
            : [];

        // The data file first, the model that refers to it last: both put in place only when both are complete.
        using var files = new AtomicFileGroup(createFolder: true);
        if (externalTensors.Count > 0)
        {
            string location = options.FileName ?? Path.GetFileName(fullPath) + ".data";
            dataPath = Path.Combine(directory, location);
            var stream = files.Create(dataPath, 1 << 20);
            foreach (var initializer in builder.Initializers)
            {
                if (externalTensors.Contains(initializer))
                {
                    model.Graph.Initializer.Add(WriteExternal(initializer, stream, location, options.Alignment));
                    externalCount++;
                }
                else
                {
                    model.Graph.Initializer.Add(InlineTensor(initializer));
                }
            }

            dataBytes = stream.Length;
        }
        else
        {
            foreach (var initializer in builder.Initializers)
            {
                model.Graph.Initializer.Add(InlineTensor(initializer));
            }
        }

        model.WriteTo(files.Create(fullPath, 1 << 16));
        files.Commit();
        return new OnnxSaveResult(fullPath, dataPath, externalCount, dataBytes);
    }

    private static TensorProto WriteExternal(PendingInitializer initializer, Stream stream, string location, long alignment)
    {
        // Pad with zeros up to the next multiple of the alignment so ONNX Runtime can memory-map the tensor.
        long offset = (stream.Position + alignment - 1) / alignment * alignment;
        Span<byte> zeros = stackalloc byte[4096];
        zeros.Clear();
        while (stream.Position < offset)
        {
            stream.Write(zeros[..(int)Math.Min(zeros.Length, offset - stream.Position)]);
        }

        initializer.Data.WriteTo(stream);
        long written = stream.Position - offset;
        if (written != initializer.Data.ByteLength)
        {
            throw new InvalidOperationException(
                $"initialiser '{initializer.Name}': its data source wrote {written} bytes but declared {initializer.Data.ByteLength}");
        }

        var tensor = Skeleton(initializer);
        tensor.DataLocation = TensorProto.Types.DataLocation.External;
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = written.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return tensor;
    }

    private static TensorProto InlineTensor(PendingInitializer initializer)
    {
        var tensor = Skeleton(initializer);
        if (initializer.Data is InMemoryInitializerData inMemory)
        {
            // Wrap, not copy: the builder owns the array and never changes it.
            tensor.RawData = UnsafeByteOperations.UnsafeWrap(inMemory.Bytes);
            return tensor;
        }

        using var buffer = new MemoryStream(checked((int)initializer.Data.ByteLength));
        initializer.Data.WriteTo(buffer);
        if (buffer.Length != initializer.Data.ByteLength)
        {
            throw new InvalidOperationException(
                $"initialiser '{initializer.Name}': its data source wrote {buffer.Length} bytes but declared {initializer.Data.ByteLength}");
        }

        tensor.RawData = UnsafeByteOperations.UnsafeWrap(new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length));
        return tensor;
    }

    private static TensorProto Skeleton(PendingInitializer initializer)
    {
        var tensor = new TensorProto { Name = initializer.Name, DataType = (int)initializer.DataType };
        tensor.Dims.AddRange(initializer.Dims);
        return tensor;
    }

    private static MariaInputException TooLargeForInline(OnnxGraphBuilder builder, long total) =>
        new($"graph '{builder.GraphName}': initialisers total {total} bytes, over the {ExternalDataOptions.InlineLimitBytes}-byte protobuf limit for an inline model; save with external data (ExternalDataMode.Automatic or Always, or --weights fp16/int8 to shrink it)");
}
