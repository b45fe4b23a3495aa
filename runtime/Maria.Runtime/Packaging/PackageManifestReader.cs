using System.Security.Cryptography;
using System.Text.Json;

namespace Maria.Runtime.Packaging;

/// <summary>Reads, writes and checks <c>maria.json</c>; every failure is a one-line <see cref="MariaInputException"/>.</summary>
internal static class PackageManifestReader
{
    /// <summary>The manifest's file name inside a package directory.</summary>
    public const string FileName = "maria.json";

    /// <summary>Largest maria.json read (1 MiB; a real one is about 5 KB): a bigger file is refused before it is read.</summary>
    public const long MaxManifestBytes = 1 << 20;

    /// <summary>
    /// Largest context a manifest may claim (2^20 tokens; the supported architectures ship 512 to 8,192): sizes that
    /// follow from it (KV caches, position tables) stay bounded whatever an edited manifest says.
    /// </summary>
    public const int MaxContextLength = 1 << 20;

    /// <summary>Largest shared vocabulary a manifest may claim (2^22 ids; real ones have 32k to 262k).</summary>
    public const int MaxVocabularySize = 1 << 22;

    /// <summary>Largest hidden width, layer count and head count a manifest may claim.</summary>
    public const int MaxHiddenSize = 1 << 16, MaxLayers = 1 << 10, MaxHeads = 1 << 10;

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>True when <paramref name="directory"/> holds a <c>maria.json</c>.</summary>
    public static bool IsPackage(string directory) => File.Exists(Path.Combine(directory, FileName));

    /// <summary>Reads and validates the manifest of the package in <paramref name="directory"/>.</summary>
    public static PackageManifest Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new MariaInputException($"{directory}: not a MARIA package (no {FileName}); export one with 'maria export --mlm DIR --ar DIR --output {directory}'");
        }
        long size = new FileInfo(path).Length;
        if (size > MaxManifestBytes)
        {
            throw new MariaInputException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{path}: {size:N0} bytes, more than the {MaxManifestBytes:N0} a package manifest may have (a real one is about 5 KB); the file is not a maria.json, export the package again"));
        }
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and validates manifest JSON; <paramref name="sourceName"/> names it in messages.</summary>
    public static PackageManifest Parse(string json, string sourceName)
    {
        int version = ReadFormatVersion(json, sourceName);
        if (version != PackageManifest.CurrentFormatVersion)
        {
            string advice = version > PackageManifest.CurrentFormatVersion
                ? "update Maria.Runtime to a version that reads it"
                : $"re-export it with this version: 'maria export --mlm MLM_DIR --ar AR_DIR --head-from {Path.GetDirectoryName(sourceName)} --output NEW_DIR' (--head-from keeps its head)";
            throw new MariaInputException($"{sourceName}: package format version {version} is not supported (this runtime reads version {PackageManifest.CurrentFormatVersion}); {advice}");
        }
        PackageManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PackageManifest>(json, Options);
        }
        catch (JsonException e)
        {
            throw new MariaInputException($"{sourceName}: invalid manifest ({e.Message.ReplaceLineEndings(" ")}); re-export the package", e);
        }
        if (manifest is null)
        {
            throw new MariaInputException($"{sourceName}: the manifest is empty; re-export the package");
        }
        Validate(manifest, sourceName);
        return manifest;
    }

    /// <summary>Serialises a manifest as indented JSON.</summary>
    public static string ToJson(PackageManifest manifest) => JsonSerializer.Serialize(manifest, Options);

    /// <summary>
    /// Checks that every file the manifest lists exists with the recorded size (and, when
    /// <paramref name="checkHashes"/>, the recorded sha256); throws naming the first damaged file.
    /// </summary>
    public static void VerifyFiles(string directory, PackageManifest manifest, bool checkHashes, CancellationToken cancellation = default)
    {
        foreach (var (name, entry) in manifest.Files)
        {
            cancellation.ThrowIfCancellationRequested();
            string path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                throw new MariaInputException($"{directory}: package file '{name}' is missing; the package is incomplete, copy or export it again");
            }
            long size = new FileInfo(path).Length;
            if (size != entry.Size)
            {
                throw new MariaInputException($"{path}: size {size} bytes, the manifest says {entry.Size}; the file is damaged or was replaced, copy or export the package again");
            }
            if (checkHashes)
            {
                string actual = Sha256Of(path);
                if (!string.Equals(actual, entry.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new MariaInputException($"{path}: sha256 {actual} does not match the manifest's {entry.Sha256}; the file is damaged or was tampered with, copy or export the package again");
                }
            }
        }
    }

    /// <summary>Lower-case hexadecimal sha256 of a file, streamed.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static int ReadFormatVersion(string json, string sourceName)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != PackageManifest.FormatName)
            {
                throw new MariaInputException($"{sourceName}: not a MARIA package manifest (\"format\" must be \"{PackageManifest.FormatName}\")");
            }
            // ValueKind first: TryGetInt32 throws on a non-number (an object here was found by fuzzing, docs/RELIABILITY.md).
            if (!root.TryGetProperty("format_version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out int value))
            {
                throw new MariaInputException($"{sourceName}: the manifest has no integer \"format_version\"; re-export the package");
            }
            return value;
        }
        catch (JsonException e)
        {
            throw new MariaInputException($"{sourceName}: invalid JSON ({e.Message.ReplaceLineEndings(" ")}); re-export the package", e);
        }
    }

    private static void Validate(PackageManifest m, string sourceName)
    {
        void Require(bool condition, string what)
        {
            if (!condition)
            {
                throw new MariaInputException($"{sourceName}: {what}; re-export the package");
            }
        }
        Require(m.Vocabulary.SharedSize > 0 && m.Vocabulary.SharedSize <= MaxVocabularySize, $"vocabulary.shared_size ({m.Vocabulary.SharedSize}) must be 1..{MaxVocabularySize}");
        Require(m.Encoder.ContextLength <= MaxContextLength && m.Decoder.ContextLength <= MaxContextLength,
            $"context lengths (encoder {m.Encoder.ContextLength}, decoder {m.Decoder.ContextLength}) must be at most {MaxContextLength} tokens");
        Require(m.Encoder.HiddenSize is > 0 and <= MaxHiddenSize && m.Decoder.HiddenSize is > 0 and <= MaxHiddenSize && m.Decoder.HeadDim is > 0 and <= MaxHiddenSize,
            $"hidden sizes (encoder {m.Encoder.HiddenSize}, decoder {m.Decoder.HiddenSize}, head_dim {m.Decoder.HeadDim}) must be 1..{MaxHiddenSize}");
        Require(m.Encoder.NumLayers is > 0 and <= MaxLayers && m.Decoder.NumLayers is > 0 and <= MaxLayers,
            $"layer counts (encoder {m.Encoder.NumLayers}, decoder {m.Decoder.NumLayers}) must be 1..{MaxLayers}");
        Require(m.Encoder.NumAttentionHeads is > 0 and <= MaxHeads && m.Decoder.NumAttentionHeads is > 0 and <= MaxHeads && m.Decoder.NumKeyValueHeads <= MaxHeads,
            $"head counts (encoder {m.Encoder.NumAttentionHeads}, decoder {m.Decoder.NumAttentionHeads}/{m.Decoder.NumKeyValueHeads}) must be 1..{MaxHeads}");
        Require(m.Head.OutFeatures == m.Vocabulary.SharedSize, $"head.out_features ({m.Head.OutFeatures}) must equal vocabulary.shared_size ({m.Vocabulary.SharedSize})");
        Require(m.Head.InFeatures == m.Decoder.HiddenSize + m.Encoder.HiddenSize, $"head.in_features ({m.Head.InFeatures}) must equal decoder.hidden_size + encoder.hidden_size ({m.Decoder.HiddenSize + m.Encoder.HiddenSize})");
        Require(m.Head.Kind is HeadManifest.Trained or HeadManifest.ProductOfExperts, $"head.kind '{m.Head.Kind}' is neither '{HeadManifest.Trained}' nor '{HeadManifest.ProductOfExperts}'");
        Require(m.Decoder.NumKeyValueHeads > 0 && m.Decoder.NumAttentionHeads % m.Decoder.NumKeyValueHeads == 0, "decoder.num_attention_heads must be a multiple of num_key_value_heads");
        Require(m.Encoder.ContextLength > 2 && m.Decoder.ContextLength > 1, "context lengths must be positive");
        foreach (string file in new[] { m.Encoder.File, m.Decoder.File, m.Vocabulary.Tokenizer })
        {
            Require(m.Files.ContainsKey(file), $"'{file}' is not listed under \"files\" with its sha256");
        }
        foreach (string name in m.Files.Keys)
        {
            Require(!Path.IsPathRooted(name) && !name.Split('/', '\\').Contains(".."), $"file name '{name}' must be relative to the package directory");
        }
    }
}
