using Maria.Export.Onnx.Proto;

namespace Maria.Export.Onnx;

/// <summary>
/// Builds one ONNX graph node by node, in the style of onnxruntime-genai's model builder: nodes are
/// emitted directly (no tracing) with hierarchical names such as <c>/model/layers.0/attn/q_proj/MatMul</c>,
/// whose outputs are named <c>{node}/output_{i}</c>. Initialiser bytes are kept compact or deferred until
/// <see cref="Save"/>, which can stream them into one 64 KiB-aligned external data file.
/// Not thread-safe: one builder per graph.
/// </summary>
public sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph;
    private readonly List<PendingInitializer> _initializers = [];
    private readonly List<OperatorSetIdProto> _opsets = [];
    private readonly List<StringStringEntryProto> _metadata = [];
    private readonly HashSet<string> _valueNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);

    /// <summary>Creates an empty graph importing ai.onnx 21 and com.microsoft 1.</summary>
    public OnnxGraphBuilder(string graphName = "main_graph")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        _graph = new GraphProto { Name = graphName };
        SetOpsetImport(OnnxDomains.Standard, OnnxDomains.StandardOpsetVersion);
        SetOpsetImport(OnnxDomains.Microsoft, OnnxDomains.MicrosoftOpsetVersion);
    }

    /// <summary>The graph's name.</summary>
    public string GraphName => _graph.Name;

    /// <summary>Number of nodes emitted so far.</summary>
    public int NodeCount => _graph.Node.Count;

    /// <summary>Number of initialisers added so far.</summary>
    public int InitializerCount => _initializers.Count;

    /// <summary>Sum of all initialisers' byte lengths.</summary>
    public long InitializerBytes => _initializers.Sum(initializer => initializer.Data.ByteLength);

    /// <summary>Imports <paramref name="domain"/> at <paramref name="version"/>, replacing an earlier import of that domain.</summary>
    public void SetOpsetImport(string domain, long version)
    {
        ArgumentNullException.ThrowIfNull(domain);
        _opsets.RemoveAll(opset => opset.Domain == domain);
        _opsets.Add(new OperatorSetIdProto { Domain = domain, Version = version });
    }

    /// <summary>Adds a model metadata entry (<c>metadata_props</c>).</summary>
    public void AddMetadata(string key, string value) => _metadata.Add(new StringStringEntryProto { Key = key, Value = value });

    /// <summary>Returns <paramref name="hint"/> if no value has that name yet, else the first free <c>{hint}_{n}</c>, and reserves it.</summary>
    public string UniqueValueName(string hint) => Reserve(_valueNames, hint);

    /// <summary>Declares a graph input; the name must be new.</summary>
    /// <returns>The input's value name (= <paramref name="name"/>).</returns>
    public string AddInput(string name, TensorProto.Types.DataType type, params OnnxDimension[] shape)
    {
        ReserveExact(name);
        _graph.Input.Add(ValueInfo(name, type, shape));
        return name;
    }

    /// <summary>Declares that value <paramref name="name"/> (produced by a node, an input or an initialiser) is a graph output.</summary>
    public void AddOutput(string name, TensorProto.Types.DataType type, params OnnxDimension[] shape) =>
        _graph.Output.Add(ValueInfo(name, type, shape));

    /// <summary>Records the type and shape of an intermediate value (optional; helps tools and shape inference).</summary>
    public void AddValueInfo(string name, TensorProto.Types.DataType type, params OnnxDimension[] shape) =>
        _graph.ValueInfo.Add(ValueInfo(name, type, shape));

    /// <summary>
    /// Adds an initialiser whose bytes come from <paramref name="data"/> (kept compact or deferred until save).
    /// The byte length must equal the element count of <paramref name="dims"/> times the element size.
    /// </summary>
    /// <returns>The initialiser's value name: <paramref name="name"/>, or a suffixed variant if taken.</returns>
    public string AddInitializer(string name, TensorProto.Types.DataType type, IReadOnlyList<long> dims, InitializerData data)
    {
        ArgumentNullException.ThrowIfNull(dims);
        ArgumentNullException.ThrowIfNull(data);
        if (OnnxDataTypes.ElementSize(type) is { } elementSize)
        {
            long expected = checked(OnnxDataTypes.ElementCount(dims) * elementSize);
            if (expected != data.ByteLength)
            {
                throw new ArgumentException(
                    $"initialiser '{name}': shape [{string.Join(", ", dims)}] of {type} needs {expected} bytes but the data has {data.ByteLength}",
                    nameof(data));
            }
        }

        string unique = UniqueValueName(name);
        _initializers.Add(new PendingInitializer(unique, type, [.. dims], data));
        return unique;
    }

    /// <summary>Adds a float32 initialiser (copied).</summary>
    public string AddFloatInitializer(string name, ReadOnlySpan<float> values, params long[] dims) =>
        AddInitializer(name, TensorProto.Types.DataType.Float, dims, InitializerData.Copy(values));

    /// <summary>Adds an initialiser stored as float16 (half the bytes); cast it to float32 with one Cast node.</summary>
    public string AddFloat16Initializer(string name, ReadOnlySpan<float> values, params long[] dims) =>
        AddInitializer(name, TensorProto.Types.DataType.Float16, dims, InitializerData.ConvertToFloat16(values));

    /// <summary>Adds an int64 initialiser (shapes, axes, indices).</summary>
    public string AddInt64Initializer(string name, ReadOnlySpan<long> values, params long[] dims) =>
        AddInitializer(name, TensorProto.Types.DataType.Int64, dims, InitializerData.Copy(values));

    /// <summary>Adds an int32 initialiser.</summary>
    public string AddInt32Initializer(string name, ReadOnlySpan<int> values, params long[] dims) =>
        AddInitializer(name, TensorProto.Types.DataType.Int32, dims, InitializerData.Copy(values));

    /// <summary>
    /// Adds raw little-endian bytes of any type, e.g. int8 weights or uint8-packed int4 blocks for
    /// MatMulNBits (two 4-bit values per byte, dims counted in bytes). Takes ownership of the array.
    /// </summary>
    public string AddRawInitializer(string name, TensorProto.Types.DataType type, byte[] bytes, params long[] dims) =>
        AddInitializer(name, type, dims, InitializerData.FromBytes(bytes));

    /// <summary>Adds a 1-D int64 constant, e.g. a Reshape target <c>[0, 0, -1, 64]</c>.</summary>
    public string AddInt64Vector(string name, params long[] values) => AddInt64Initializer(name, values, values.Length);

    /// <summary>Adds a float32 scalar constant (shape []).</summary>
    public string AddFloatScalar(string name, float value) => AddFloatInitializer(name, [value]);

    /// <summary>Adds an int64 scalar constant (shape []).</summary>
    public string AddInt64Scalar(string name, long value) => AddInt64Initializer(name, [value]);

    /// <summary>Emits a single-output ai.onnx node; its output is named <c>{name}/output_0</c>.</summary>
    /// <param name="name">Hierarchical node name, e.g. <c>/model/layers.0/attn/q_proj/MatMul</c>.</param>
    /// <param name="opType">The operator, e.g. <c>MatMul</c>.</param>
    /// <param name="inputs">Input value names in operator order; <c>""</c> skips an optional input.</param>
    /// <param name="attributes">Attributes built with <see cref="OnnxAttribute"/>.</param>
    /// <returns>The output value name.</returns>
    public string AddNode(string name, string opType, IReadOnlyList<string> inputs, params AttributeProto[] attributes) =>
        AddNode(name, opType, OnnxDomains.Standard, inputs, [null], attributes)[0];

    /// <summary>Emits a single-output com.microsoft (ONNX Runtime contrib) node.</summary>
    /// <returns>The output value name.</returns>
    public string AddMicrosoftNode(string name, string opType, IReadOnlyList<string> inputs, params AttributeProto[] attributes) =>
        AddNode(name, opType, OnnxDomains.Microsoft, inputs, [null], attributes)[0];

    /// <summary>
    /// Emits a node with any number of outputs. Each entry of <paramref name="outputs"/> is an exact value
    /// name (e.g. a graph output such as <c>present.0.key</c>), null for an automatic <c>{name}/output_{i}</c>,
    /// or <c>""</c> for an optional output that is not produced.
    /// </summary>
    /// <returns>The output value names, in order (<c>""</c> for skipped outputs).</returns>
    public IReadOnlyList<string> AddNode(
        string name, string opType, string domain, IReadOnlyList<string> inputs, IReadOnlyList<string?> outputs,
        params AttributeProto[] attributes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        foreach (string input in inputs)
        {
            if (input.Length > 0 && !_valueNames.Contains(input))
            {
                throw new ArgumentException($"node '{name}' ({opType}): input '{input}' is not a graph input, initialiser or earlier node output", nameof(inputs));
            }
        }

        var node = new NodeProto { Name = Reserve(_nodeNames, name), OpType = opType, Domain = domain };
        node.Input.AddRange(inputs);
        var names = new string[outputs.Count];
        for (int i = 0; i < outputs.Count; i++)
        {
            string? requested = outputs[i];
            if (requested is null)
            {
                names[i] = UniqueValueName($"{node.Name}/output_{i}");
            }
            else if (requested.Length == 0)
            {
                names[i] = "";
            }
            else
            {
                ReserveExact(requested);
                names[i] = requested;
            }
        }

        node.Output.AddRange(names);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return names;
    }

    /// <summary>Builds the model with every initialiser inline (for tests and small graphs, under 2 GB).</summary>
    public ModelProto BuildInlineModel() => OnnxModelWriter.BuildInline(this);

    /// <summary>Serializes the model with every initialiser inline, e.g. to create an ONNX Runtime session from bytes.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        Google.Protobuf.MessageExtensions.WriteTo(BuildInlineModel(), stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Writes the model to <paramref name="path"/>; with external data on (see <see cref="ExternalDataOptions"/>)
    /// large initialisers are streamed to one file beside it at 64 KiB-aligned offsets. Files are written
    /// under temporary names and renamed when complete.
    /// </summary>
    /// <returns>What was written: paths and byte counts.</returns>
    public OnnxSaveResult Save(string path, ExternalDataOptions? options = null) =>
        OnnxModelWriter.Save(this, path, options ?? ExternalDataOptions.Default);

    internal IReadOnlyList<PendingInitializer> Initializers => _initializers;

    /// <summary>A ModelProto holding the graph structure, opsets and metadata, but no initialisers yet.</summary>
    internal ModelProto CreateModelSkeleton()
    {
        var graph = _graph.Clone();
        var model = new ModelProto
        {
            IrVersion = OnnxDomains.IrVersion,
            ProducerName = OnnxDomains.ProducerName,
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "0",
            Graph = graph,
        };
        model.OpsetImport.AddRange(_opsets.Select(opset => opset.Clone()));
        model.MetadataProps.AddRange(_metadata.Select(entry => entry.Clone()));
        foreach (var output in graph.Output)
        {
            if (!_valueNames.Contains(output.Name))
            {
                throw new InvalidOperationException($"graph '{graph.Name}': output '{output.Name}' is declared but no node, input or initialiser produces it");
            }
        }

        return model;
    }

    private void ReserveExact(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_valueNames.Add(name))
        {
            throw new ArgumentException($"graph '{_graph.Name}' already has a value named '{name}'", nameof(name));
        }
    }

    private static string Reserve(HashSet<string> taken, string hint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hint);
        if (taken.Add(hint))
        {
            return hint;
        }

        for (int suffix = 1; ; suffix++)
        {
            string candidate = $"{hint}_{suffix}";
            if (taken.Add(candidate))
            {
                return candidate;
            }
        }
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, OnnxDimension[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var dimension in shape)
        {
            tensorShape.Dim.Add(dimension.Size is { } size
                ? new TensorShapeProto.Types.Dimension { DimValue = size }
                : new TensorShapeProto.Types.Dimension { DimParam = dimension.Symbol });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } },
        };
    }
}
