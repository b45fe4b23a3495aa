using System.Text.Json.Serialization;

namespace Maria.Runtime.Packaging;

/// <summary>Where a package came from: the exporter and the source checkpoints with the hashes of their files.</summary>
public sealed record ProvenanceManifest
{
    /// <summary>Name and version of the exporter, e.g. <c>maria-export 0.1.0</c>.</summary>
    [JsonPropertyName("exporter")] public required string Exporter { get; init; }

    /// <summary>UTC time of the export, ISO 8601.</summary>
    [JsonPropertyName("created")] public required string Created { get; init; }

    /// <summary>Files of the masked LM checkpoint folder.</summary>
    [JsonPropertyName("mlm")] public required IReadOnlyList<SourceFile> MaskedModel { get; init; }

    /// <summary>Files of the causal LM checkpoint folder.</summary>
    [JsonPropertyName("ar")] public required IReadOnlyList<SourceFile> CausalModel { get; init; }
}

/// <summary>A source file by name and sha256.</summary>
/// <param name="Name">File name as it was given to the exporter.</param>
/// <param name="Sha256">Lower-case hexadecimal sha256.</param>
public sealed record SourceFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("sha256")] string Sha256);
