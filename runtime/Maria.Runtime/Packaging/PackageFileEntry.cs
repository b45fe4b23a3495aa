using System.Text.Json.Serialization;

namespace Maria.Runtime.Packaging;

/// <summary>One file of a package: its byte size and sha256, so damage or tampering is detected.</summary>
/// <param name="Size">Length of the file in bytes.</param>
/// <param name="Sha256">Lower-case hexadecimal sha256 of the file's bytes.</param>
public sealed record PackageFileEntry(
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("sha256")] string Sha256);
