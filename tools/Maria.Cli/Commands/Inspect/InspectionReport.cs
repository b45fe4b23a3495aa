using System.Text.Json.Nodes;
using Maria.Export.Checkpoints;

namespace Maria.Cli.Commands.Inspect;

/// <summary>
/// The facts `maria inspect` prints, independent of the output format: what the input is, its key settings, its
/// files, and its tensors (from which counts, parameter total, dtype histogram and size are derived).
/// </summary>
/// <param name="Kind">Human-readable kind, e.g. "Hugging Face checkpoint".</param>
/// <param name="Path">The path as given on the command line.</param>
internal sealed record InspectionReport(string Kind, string Path)
{
    /// <summary>Architecture name when the input declares one (config.json's architectures[0]).</summary>
    public string? Architecture { get; init; }

    /// <summary>Key settings in display order (config values, tokenizer path...); values are JSON scalars.</summary>
    public JsonObject Settings { get; init; } = [];

    /// <summary>Files the input consists of (weights, shards, index).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The safetensors <c>__metadata__</c> pairs.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Every tensor in file order.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; init; } = [];

    /// <summary>Sum of element counts over all tensors.</summary>
    public long ParameterCount => Tensors.Sum(t => t.ElementCount);

    /// <summary>Sum of tensor byte lengths (data only, headers excluded).</summary>
    public long TotalBytes => Tensors.Sum(t => t.ByteLength);

    /// <summary>Number of tensors per dtype, in dtype declaration order.</summary>
    public IReadOnlyList<KeyValuePair<SafetensorsDType, int>> DTypeCounts =>
        [.. Tensors.GroupBy(t => t.DType).OrderBy(g => g.Key).Select(g => KeyValuePair.Create(g.Key, g.Count()))];
}
