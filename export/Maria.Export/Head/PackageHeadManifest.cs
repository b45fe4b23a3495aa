using System.Text.Json;
using Maria.Runtime;
using Maria.Runtime.Packaging;

namespace Maria.Export.Head;

/// <summary>
/// The few facts of a package's <c>maria.json</c> that recovering its head needs: the decoder file, d_ar, d_mlm, the
/// head section and the file hashes. Read leniently on purpose (any <c>format_version</c>, only these fields), so that
/// packages of an older format, which the runtime refuses and which must be re-exported, still give up their heads.
/// </summary>
internal sealed record PackageHeadManifest(
    string Directory,
    int FormatVersion,
    string DecoderFile,
    string? DecoderWeights,
    int ArHiddenSize,
    int MlmHiddenSize,
    HeadManifest Head,
    IReadOnlyDictionary<string, PackageFileEntry> Files)
{
    /// <summary>Reads <c>DIR/maria.json</c>; a missing folder, a missing or malformed manifest is a one-line error.</summary>
    public static PackageHeadManifest Read(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new MariaInputException($"--head-from '{directory}' does not exist; pass a MARIA package folder (one with {PackageManifestReader.FileName})");
        }

        string path = Path.Combine(directory, PackageManifestReader.FileName);
        if (!File.Exists(path))
        {
            throw new MariaInputException(
                $"--head-from '{directory}' is not a MARIA package (no {PackageManifestReader.FileName}); pass the folder 'maria export' wrote, or a head file with --head");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
                || format.GetString() != PackageManifest.FormatName)
            {
                throw new MariaInputException($"{path}: not a MARIA package manifest (\"format\" must be \"{PackageManifest.FormatName}\")");
            }

            var decoder = Member(root, path, "decoder");
            var head = Member(root, path, "head").Deserialize<HeadManifest>()
                ?? throw new MariaInputException($"{path}: \"head\" is null; the manifest is damaged, copy or re-export the package");
            var files = Member(root, path, "files").Deserialize<Dictionary<string, PackageFileEntry>>()
                ?? throw new MariaInputException($"{path}: \"files\" is null; the manifest is damaged, copy or re-export the package");
            return new PackageHeadManifest(directory,
                Member(root, path, "format_version").GetInt32(),
                Member(decoder, path, "file").GetString() ?? "",
                decoder.TryGetProperty("weights", out var weights) ? weights.GetString() : null,
                Member(decoder, path, "hidden_size").GetInt32(),
                Member(Member(root, path, "encoder"), path, "hidden_size").GetInt32(),
                head, files);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new MariaInputException($"{path}: unreadable manifest ({e.Message.ReplaceLineEndings(" ")}); the package is damaged, copy or re-export it", e);
        }
    }

    private static JsonElement Member(JsonElement parent, string path, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value)
            ? value
            : throw new MariaInputException($"{path}: the manifest has no \"{name}\"; the package is damaged, copy or re-export it");
}
