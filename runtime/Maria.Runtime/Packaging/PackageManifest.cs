using System.Text.Json.Serialization;

namespace Maria.Runtime.Packaging;

/// <summary>
/// The manifest <c>maria.json</c> of a MARIA package: the only thing the runtime reads to know what the package
/// holds (graphs, their input and output names, sizes, KV layout, tokenizer, special ids, head provenance and a
/// sha256 of every file). Written by the exporter, read by <see cref="PackageManifestReader"/>.
/// </summary>
public sealed record PackageManifest
{
    /// <summary>The value of <see cref="Format"/> in every package.</summary>
    public const string FormatName = "maria-package";

    /// <summary>
    /// The manifest format version this runtime writes; it reads this version only. 2: the decoder takes ragged batched
    /// chunks (position_ids, flat logit positions, a static cache written in place).
    /// </summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>Always <see cref="FormatName"/>; tells a package manifest from other JSON files.</summary>
    [JsonPropertyName("format")] public string Format { get; init; } = FormatName;

    /// <summary>Bumped on every breaking change of the package layout.</summary>
    [JsonPropertyName("format_version")] public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The masked LM encoder graph, run once per text.</summary>
    [JsonPropertyName("encoder")] public required EncoderManifest Encoder { get; init; }

    /// <summary>The causal LM decoder graph with the KV cache and the MARIA head.</summary>
    [JsonPropertyName("decoder")] public required DecoderManifest Decoder { get; init; }

    /// <summary>The MARIA head baked into the decoder graph.</summary>
    [JsonPropertyName("head")] public required HeadManifest Head { get; init; }

    /// <summary>The tokenizer and the vocabulary both models share.</summary>
    [JsonPropertyName("vocabulary")] public required VocabularyManifest Vocabulary { get; init; }

    /// <summary>Where the package came from: source checkpoints and the exporter.</summary>
    [JsonPropertyName("provenance")] public required ProvenanceManifest Provenance { get; init; }

    /// <summary>The sha256 (lower-case hex) and byte size of every file of the package, by relative path.</summary>
    [JsonPropertyName("files")] public required IReadOnlyDictionary<string, PackageFileEntry> Files { get; init; }
}
