using Maria.Export.Packaging;
using Maria.Runtime.Packaging;

namespace Maria.Testing;

/// <summary>
/// A package folder written by hand: a valid manifest whose files (placeholder graph bytes and the tiny tokenizer)
/// have their true sizes and hashes. Enough for the checks that come before ONNX Runtime (manifest, files); the
/// graphs themselves are not loadable.
/// </summary>
internal static class HandMadePackage
{
    public static PackageManifest Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(7);
        foreach (string name in new[] { "encoder.onnx", "decoder.onnx" })
        {
            var bytes = new byte[4096];
            random.NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(directory, name), bytes);
        }
        File.WriteAllText(Path.Combine(directory, "tokenizer.json"), TinyTokenizerPair.Masked().ToJsonString());
        var files = new[] { "decoder.onnx", "encoder.onnx", "tokenizer.json" }.ToDictionary(
            name => name,
            name => new PackageFileEntry(new FileInfo(Path.Combine(directory, name)).Length, PackageManifestReader.Sha256Of(Path.Combine(directory, name))));
        var manifest = new PackageManifest
        {
            Encoder = new EncoderManifest
            {
                File = "encoder.onnx", Architecture = "ModernBertForMaskedLM", HiddenSize = 32, NumLayers = 3, NumAttentionHeads = 2, ContextLength = 65,
                Inputs = GraphNames.EncoderInputTable(),
                Outputs = GraphNames.EncoderOutputTable(),
            },
            Decoder = new DecoderManifest
            {
                File = "decoder.onnx", Architecture = "OlmoForCausalLM", HiddenSize = 32, NumLayers = 2, NumAttentionHeads = 2, NumKeyValueHeads = 2, HeadDim = 16,
                ContextLength = 64, KeyValueLayout = GraphRoles.StaticCacheLayout,
                Inputs = GraphNames.DecoderInputTable(),
                Outputs = GraphNames.DecoderOutputTable(),
            },
            Head = new HeadManifest { Kind = HeadManifest.ProductOfExperts, InFeatures = 64, OutFeatures = TinyTokenizerPair.SharedSize },
            Vocabulary = new VocabularyManifest
            {
                Tokenizer = "tokenizer.json", SharedSize = TinyTokenizerPair.SharedSize, ClsId = TinyTokenizerPair.Cls, SepId = TinyTokenizerPair.Sep,
                MaskId = TinyTokenizerPair.Mask, PadId = TinyTokenizerPair.Pad, BosId = TinyTokenizerPair.EndOfText, EosId = TinyTokenizerPair.EndOfText,
            },
            Provenance = new ProvenanceManifest { Exporter = "hand-made (test)", Created = "2025-01-01T00:00:00Z", MaskedModel = [], CausalModel = [] },
            Files = files,
        };
        File.WriteAllText(Path.Combine(directory, PackageManifestReader.FileName), PackageManifestReader.ToJson(manifest));
        return manifest;
    }

    /// <summary>Flips the bits of one byte in the middle of a package file (its size stays the same).</summary>
    public static void FlipOneByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Rewrites maria.json with another format_version.</summary>
    public static void SetFormatVersion(string directory, int version)
    {
        string path = Path.Combine(directory, PackageManifestReader.FileName);
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        root["format_version"] = version;
        File.WriteAllText(path, root.ToJsonString());
    }
}
