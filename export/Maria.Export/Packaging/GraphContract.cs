using System.Globalization;
using Maria.Runtime.Packaging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Maria.Export.Packaging;

/// <summary>
/// The inputs and outputs a package graph must have (<see cref="GraphNames"/>): names, element types, ranks and the
/// sizes the manifest fixes (null = any size), checked against a loaded session and against the manifest's name lists.
/// </summary>
internal sealed class GraphContract
{
    private readonly Dictionary<string, (TensorElementType Type, int?[] Shape)> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (TensorElementType Type, int?[] Shape)> _outputs = new(StringComparer.Ordinal);

    private GraphContract(string file) => File = file;

    public string File { get; }

    public static GraphContract ForEncoder(PackageManifest m)
    {
        var contract = new GraphContract(m.Encoder.File);
        contract.Input(GraphNames.InputIds, TensorElementType.Int64, null, null);
        contract.Input(GraphNames.AttentionMask, TensorElementType.Int64, null, null);
        contract.Input(GraphNames.LogitPositions, TensorElementType.Int64, null, null);
        contract.Output(GraphNames.MlmHidden, TensorElementType.Float, null, null, m.Encoder.HiddenSize);
        contract.Output(GraphNames.MlmLogits, TensorElementType.Float, null, null, m.Vocabulary.SharedSize);
        return contract;
    }

    public static GraphContract ForDecoder(PackageManifest m)
    {
        var d = m.Decoder;
        var contract = new GraphContract(d.File);
        contract.Input(GraphNames.InputIds, TensorElementType.Int64, null, null);
        contract.Input(GraphNames.AttentionMask, TensorElementType.Int64, null, null);
        contract.Input(GraphNames.LogitPositions, TensorElementType.Int64, null, null);
        contract.Input(GraphNames.DecoderMlmRows, TensorElementType.Float, null, null, m.Encoder.HiddenSize);
        contract.Input(GraphNames.ArLogitPositions, TensorElementType.Int64, null, null);
        contract.Output(GraphNames.Logits, TensorElementType.Float, null, null, m.Vocabulary.SharedSize);
        contract.Output(GraphNames.ArLogits, TensorElementType.Float, null, null, m.Vocabulary.SharedSize);
        contract.Output(GraphNames.ArHidden, TensorElementType.Float, null, null, d.HiddenSize);
        for (int layer = 0; layer < d.NumLayers; layer++)
        {
            // [batch, kv_heads, context, head_dim]; the context axis may be symbolic (GQA's present grows past it).
            contract.Input(GraphNames.PastKey(layer), TensorElementType.Float, null, d.NumKeyValueHeads, null, d.HeadDim);
            contract.Input(GraphNames.PastValue(layer), TensorElementType.Float, null, d.NumKeyValueHeads, null, d.HeadDim);
            contract.Output(GraphNames.PresentKey(layer), TensorElementType.Float, null, d.NumKeyValueHeads, null, d.HeadDim);
            contract.Output(GraphNames.PresentValue(layer), TensorElementType.Float, null, d.NumKeyValueHeads, null, d.HeadDim);
        }
        return contract;
    }

    /// <summary>The manifest's role-to-name lists, with <c>{i}</c> expanded over layers, must name exactly the contract.</summary>
    public string? CheckManifestNames(IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string> outputs, int layers)
    {
        return Compare("inputs", Expand(inputs.Values, layers), _inputs.Keys) ?? Compare("outputs", Expand(outputs.Values, layers), _outputs.Keys);

        string? Compare(string section, HashSet<string> listed, IEnumerable<string> expected)
        {
            var missing = expected.Where(name => !listed.Contains(name)).ToList();
            var extra = listed.Where(name => !_inputs.ContainsKey(name) && !_outputs.ContainsKey(name)).ToList();
            if (missing.Count == 0 && extra.Count == 0)
            {
                return null;
            }
            return $"maria.json lists {section} of {File} that differ from the graph contract (missing: {Names(missing)}; unknown: {Names(extra)})";
        }
    }

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

    private void Input(string name, TensorElementType type, params int?[] shape) => _inputs[name] = (type, shape);

    private void Output(string name, TensorElementType type, params int?[] shape) => _outputs[name] = (type, shape);

    private static HashSet<string> Expand(IEnumerable<string> names, int layers)
    {
        var expanded = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (name.Contains("{i}", StringComparison.Ordinal))
            {
                for (int layer = 0; layer < layers; layer++)
                {
                    expanded.Add(name.Replace("{i}", layer.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
                }
            }
            else
            {
                expanded.Add(name);
            }
        }
        return expanded;
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list.Take(6)) + (list.Count > 6 ? $", ... ({list.Count} in all)" : "");
    }
}
