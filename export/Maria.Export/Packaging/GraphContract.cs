using System.Globalization;
using Maria.Runtime.Packaging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Maria.Export.Packaging;

/// <summary>
/// The inputs and outputs a package graph must have: for every role the runtime feeds or reads (see
/// <see cref="GraphRoles"/>), the name the manifest gives it, its element type, rank and the sizes the manifest fixes
/// (null = any size), checked against a loaded session. The names come from the manifest, as the runtime takes them.
/// </summary>
internal sealed class GraphContract
{
    private readonly Dictionary<string, (TensorElementType Type, int?[] Shape)> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (TensorElementType Type, int?[] Shape)> _outputs = new(StringComparer.Ordinal);
    private readonly List<string> _missingRoles = [];

    private GraphContract(string file) => File = file;

    public string File { get; }

    public static GraphContract ForEncoder(PackageManifest m)
    {
        var e = m.Encoder;
        var contract = new GraphContract(e.File);
        contract.Input(e.Inputs, GraphRoles.InputIds, TensorElementType.Int64, null, null);
        contract.Input(e.Inputs, GraphRoles.AttentionMask, TensorElementType.Int64, null, null);
        contract.Input(e.Inputs, GraphRoles.LogitPositions, TensorElementType.Int64, null, null);
        contract.Output(e.Outputs, GraphRoles.MlmHidden, TensorElementType.Float, null, null, e.HiddenSize);
        contract.Output(e.Outputs, GraphRoles.MlmLogits, TensorElementType.Float, null, null, m.Vocabulary.SharedSize);
        return contract;
    }

    public static GraphContract ForDecoder(PackageManifest m)
    {
        var d = m.Decoder;
        var contract = new GraphContract(d.File);
        contract.Input(d.Inputs, GraphRoles.InputIds, TensorElementType.Int64, null, null);
        contract.Input(d.Inputs, GraphRoles.AttentionMask, TensorElementType.Int64, null, null);
        contract.Input(d.Inputs, GraphRoles.PositionIds, TensorElementType.Int64, null, null);
        contract.Input(d.Inputs, GraphRoles.LogitPositions, TensorElementType.Int64, [null]);
        contract.Input(d.Inputs, GraphRoles.MlmHidden, TensorElementType.Float, null, m.Encoder.HiddenSize);
        contract.Input(d.Inputs, GraphRoles.ArLogitPositions, TensorElementType.Int64, [null]);
        contract.Output(d.Outputs, GraphRoles.Logits, TensorElementType.Float, null, m.Vocabulary.SharedSize);
        contract.Output(d.Outputs, GraphRoles.ArLogits, TensorElementType.Float, null, 1, m.Vocabulary.SharedSize);
        contract.Output(d.Outputs, GraphRoles.HiddenStates, TensorElementType.Float, null, d.HiddenSize);
        for (int layer = 0; layer < d.NumLayers; layer++)
        {
            // [batch, kv_heads, capacity, head_dim]: the capacity axis is symbolic (the runtime sizes caches per batch).
            contract.Input(d.Inputs, GraphRoles.PastKey, TensorElementType.Float, layer, null, d.NumKeyValueHeads, null, d.HeadDim);
            contract.Input(d.Inputs, GraphRoles.PastValue, TensorElementType.Float, layer, null, d.NumKeyValueHeads, null, d.HeadDim);
            contract.Output(d.Outputs, GraphRoles.PresentKey, TensorElementType.Float, layer, null, d.NumKeyValueHeads, null, d.HeadDim);
            contract.Output(d.Outputs, GraphRoles.PresentValue, TensorElementType.Float, layer, null, d.NumKeyValueHeads, null, d.HeadDim);
        }
        return contract;
    }

    /// <summary>Every role must have a name in the manifest's tables; returns the first gap, or null.</summary>
    public string? CheckManifestRoles() => _missingRoles.Count == 0
        ? null
        : $"maria.json names no graph value for {Names(_missingRoles)} of {File}; re-export the package with this version's 'maria export'";

    /// <summary>Checks the session's inputs and outputs; returns the first mismatch, or null.</summary>
    public string? CheckSession(InferenceSession session) =>
        CheckSide("input", _inputs, session.InputMetadata) ?? CheckSide("output", _outputs, session.OutputMetadata);

    public int InputCount => _inputs.Count;

    public int OutputCount => _outputs.Count;

    private string? CheckSide(string side, Dictionary<string, (TensorElementType Type, int?[] Shape)> expected, IReadOnlyDictionary<string, NodeMetadata> actual)
    {
        foreach (var (name, (type, shape)) in expected)
        {
            if (!actual.TryGetValue(name, out var metadata))
            {
                return $"{File}: the graph has no {side} '{name}' (it has {Names(actual.Keys)}); re-export the package";
            }
            if (!metadata.IsTensor || metadata.ElementDataType != type)
            {
                return $"{File}: {side} '{name}' is {metadata.ElementDataType}, expected {type}; re-export the package";
            }
            int[] dims = metadata.Dimensions;
            if (dims.Length != shape.Length)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{File}: {side} '{name}' has rank {dims.Length}, expected {shape.Length}; re-export the package");
            }
            for (int axis = 0; axis < dims.Length; axis++)
            {
                if (shape[axis] is int size && dims[axis] > 0 && dims[axis] != size)
                {
                    return string.Create(CultureInfo.InvariantCulture,
                        $"{File}: {side} '{name}' axis {axis} is {dims[axis]}, the manifest implies {size}; re-export the package");
                }
            }
        }
        var unexpected = actual.Keys.Where(name => !expected.ContainsKey(name)).ToList();
        return side == "input" && unexpected.Count > 0
            ? $"{File}: the graph has inputs the contract does not define ({Names(unexpected)}); the runtime could not feed them, re-export the package"
            : null;
    }

    private void Input(IReadOnlyDictionary<string, string> table, string role, TensorElementType type, params int?[] shape) =>
        Add(_inputs, table, role, null, type, shape);

    private void Input(IReadOnlyDictionary<string, string> table, string role, TensorElementType type, int layer, params int?[] shape) =>
        Add(_inputs, table, role, layer, type, shape);

    private void Output(IReadOnlyDictionary<string, string> table, string role, TensorElementType type, params int?[] shape) =>
        Add(_outputs, table, role, null, type, shape);

    private void Output(IReadOnlyDictionary<string, string> table, string role, TensorElementType type, int layer, params int?[] shape) =>
        Add(_outputs, table, role, layer, type, shape);

    private void Add(Dictionary<string, (TensorElementType, int?[])> side, IReadOnlyDictionary<string, string> table, string role, int? layer,
        TensorElementType type, int?[] shape)
    {
        if (!table.TryGetValue(role, out string? name) || string.IsNullOrWhiteSpace(name))
        {
            if (!_missingRoles.Contains(role))
            {
                _missingRoles.Add(role);
            }
            return;
        }
        side[layer is int index ? GraphRoles.ForLayer(name, index) : name] = (type, shape);
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list.Take(6)) + (list.Count > 6 ? $", ... ({list.Count} in all)" : "");
    }
}
