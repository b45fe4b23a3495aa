using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Maria.Export.Onnx.Proto;
using Maria.Runtime;

namespace Maria.Export.Onnx;

/// <summary>
/// Reads initialisers of a saved ONNX model by name, the inverse of <see cref="OnnxModelWriter"/>: values inline in
/// <c>raw_data</c>, or in an external data file beside the model (<c>location</c>, <c>offset</c>, <c>length</c>), read
/// with one positioned read per tensor. Every mismatch (type, shape, byte count, a location outside the model's
/// folder) is a one-line <see cref="MariaInputException"/> naming the file and the tensor.
/// </summary>
internal sealed class OnnxInitializerReader
{
    private readonly Dictionary<string, TensorProto> _initializers;
    private readonly string _directory;

    private OnnxInitializerReader(string path, ModelProto model)
    {
        Path = path;
        Model = model;
        _directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
        _initializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var tensor in model.Graph.Initializer)
        {
            _initializers[tensor.Name] = tensor;
        }
    }

    /// <summary>The .onnx file.</summary>
    public string Path { get; }

    /// <summary>The parsed model (initialisers still hold their inline bytes).</summary>
    public ModelProto Model { get; }

    /// <summary>Parses <paramref name="path"/>; a file that is not an ONNX model is refused in one line.</summary>
    public static OnnxInitializerReader Open(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var model = ModelProto.Parser.ParseFrom(stream);
            return model.Graph is null
                ? throw new MariaInputException($"{path}: an ONNX model without a graph; the file is damaged, copy or export it again")
                : new OnnxInitializerReader(path, model);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new MariaInputException($"{path}: not a readable ONNX model ({e.Message.ReplaceLineEndings(" ")}); the file is damaged, copy or export it again", e);
        }
    }

    /// <summary>True when the graph has an initialiser called <paramref name="name"/>.</summary>
    public bool Contains(string name) => _initializers.ContainsKey(name);

    /// <summary>The stored element type of an initialiser.</summary>
    public TensorProto.Types.DataType DataType(string name) => (TensorProto.Types.DataType)Require(name).DataType;

    /// <summary>Every external data file the graph's initialisers point at (full paths under the model's folder).</summary>
    public IReadOnlyList<string> ExternalFiles() => _initializers.Values
        .Where(tensor => tensor.DataLocation == TensorProto.Types.DataLocation.External)
        .Select(tensor => ResolveLocation(tensor, Entry(tensor, "location")))
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>The raw little-endian bytes of an initialiser that must have <paramref name="type"/> and <paramref name="dims"/>.</summary>
    public byte[] ReadBytes(string name, TensorProto.Types.DataType type, params long[] dims)
    {
        var tensor = Require(name);
        string expected = "[" + string.Join(", ", dims) + "]";
        string actual = "[" + string.Join(", ", tensor.Dims) + "]";
        if (tensor.DataType != (int)type || !tensor.Dims.SequenceEqual(dims))
        {
            throw new MariaInputException(
                $"{Path}: initialiser '{name}' is {(TensorProto.Types.DataType)tensor.DataType} {actual}, expected {type} {expected}; the graph does not match the sizes its manifest gives, so it is damaged or was edited");
        }

        long length = dims.Aggregate(1L, (product, dimension) => checked(product * dimension)) * ElementBytes(type);
        return tensor.DataLocation == TensorProto.Types.DataLocation.External ? ReadExternal(tensor, length) : ReadInline(tensor, length);
    }

    /// <summary>A float32 or float16 initialiser with <paramref name="dims"/>, as float32 (float16 widens exactly).</summary>
    public float[] ReadFloats(string name, params long[] dims)
    {
        var tensor = Require(name);
        if (tensor.DataType == (int)TensorProto.Types.DataType.Float16)
        {
            var halves = MemoryMarshal.Cast<byte, Half>(ReadBytes(name, TensorProto.Types.DataType.Float16, dims));
            var values = new float[halves.Length];
            for (int i = 0; i < halves.Length; i++)
            {
                values[i] = (float)halves[i];
            }

            return values;
        }

        return MemoryMarshal.Cast<byte, float>(ReadBytes(name, TensorProto.Types.DataType.Float, dims)).ToArray();
    }

    private TensorProto Require(string name) => _initializers.TryGetValue(name, out var tensor)
        ? tensor
        : throw new MariaInputException($"{Path}: no initialiser '{name}'; the graph was not written by maria export, or was edited");

    private byte[] ReadInline(TensorProto tensor, long length)
    {
        if (tensor.RawData.Length != length)
        {
            throw new MariaInputException(
                $"{Path}: initialiser '{tensor.Name}' holds {tensor.RawData.Length} raw bytes, expected {length} for its shape; only raw_data tensors are read, the graph is damaged or was not written by this exporter");
        }

        return tensor.RawData.ToByteArray();
    }

    private byte[] ReadExternal(TensorProto tensor, long length)
    {
        string file = ResolveLocation(tensor, Entry(tensor, "location"));
        long offset = Number(tensor, "offset", 0);
        long stored = Number(tensor, "length", length);
        if (!File.Exists(file))
        {
            throw new MariaInputException($"{Path}: initialiser '{tensor.Name}' lives in '{file}', which is missing; copy the .onnx.data file together with the graph");
        }

        using var handle = File.OpenHandle(file);
        long size = RandomAccess.GetLength(handle);
        if (stored != length || offset + length > size)
        {
            throw new MariaInputException(
                $"{file}: initialiser '{tensor.Name}' claims {stored} bytes at offset {offset} of a {size}-byte file, expected {length} bytes inside it; the data file is damaged, copy or export it again");
        }

        var bytes = new byte[length];
        for (long done = 0; done < length;)
        {
            int read = RandomAccess.Read(handle, bytes.AsSpan((int)done), offset + done);
            if (read <= 0)
            {
                throw new MariaInputException($"{file}: ended while reading initialiser '{tensor.Name}'; the data file is damaged, copy or export it again");
            }

            done += read;
        }

        return bytes;
    }

    /// <summary>External data must stay inside the model's folder (a relative location without "..").</summary>
    private string ResolveLocation(TensorProto tensor, string location)
    {
        string full = System.IO.Path.GetFullPath(System.IO.Path.Combine(_directory, location));
        if (System.IO.Path.IsPathRooted(location) || !full.StartsWith(_directory + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new MariaInputException($"{Path}: initialiser '{tensor.Name}' points at '{location}', outside the model's folder; external data must lie beside the graph");
        }

        return full;
    }

    private string Entry(TensorProto tensor, string key, string? fallback = null) =>
        tensor.ExternalData.FirstOrDefault(entry => entry.Key == key)?.Value ?? fallback
        ?? throw new MariaInputException($"{Path}: external initialiser '{tensor.Name}' has no '{key}'; the graph is damaged, copy or export it again");

    private long Number(TensorProto tensor, string key, long fallback)
    {
        string text = Entry(tensor, key, fallback.ToString(CultureInfo.InvariantCulture));
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new MariaInputException($"{Path}: external initialiser '{tensor.Name}' has {key} '{text}', not a byte count; the graph is damaged, copy or export it again");
    }

    private static long ElementBytes(TensorProto.Types.DataType type) => type switch
    {
        TensorProto.Types.DataType.Float => 4,
        TensorProto.Types.DataType.Float16 => 2,
        TensorProto.Types.DataType.Uint8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "only float, float16 and uint8 initialisers are read"),
    };
}
