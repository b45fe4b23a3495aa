using System.Globalization;
using System.Reflection;
using Maria.Export.Architectures;
using Maria.Export.Checkpoints;
using Maria.Export.Compatibility;
using Maria.Export.Configs;
using Maria.Export.Graphs.Blocks;
using Maria.Runtime;
using Maria.Runtime.Packaging;

namespace Maria.Export.Packaging;

/// <summary>
/// Writes a MARIA package from a masked LM and a causal LM checkpoint folder: checks that their tokenizers share
/// ids (<see cref="TokenizerCompatibility"/>), chooses the head, builds encoder.onnx and decoder.onnx through the
/// architecture builders, copies the masked LM's tokenizer.json, writes onnxruntime-genai's genai_config.json
/// (<see cref="GenAiConfigWriter"/>), and writes maria.json with the size and sha256 of
/// every file and the provenance of the sources. Before writing anything it checks that the output disk has room for
/// the planned package (<see cref="PackageSizePlan"/>, <see cref="DiskSpaceCheck"/>). Everything is written into a hidden
/// staging folder beside the output and renamed into place at the end, so a failed export leaves nothing under the output name.
/// </summary>
public static class PackageExporter
{
    /// <summary>The exporter name and version recorded in every manifest, e.g. <c>maria-export 1.0.0</c>.</summary>
    public static string ExporterName { get; } = "maria-export " + Version();

    /// <summary>Exports a package; returns its manifest. Bad input raises a one-line <see cref="MariaInputException"/>.</summary>
    /// <param name="options">Sources, output folder, weights and context.</param>
    /// <param name="progress">Human-readable progress lines (one per step), or null.</param>
    /// <param name="cancellation">Checked between steps.</param>
    public static PackageManifest Export(PackageExportOptions options, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        HeadSelection.CheckOneSource(options);
        using var masked = HuggingFaceCheckpoint.Open(options.MaskedModelDirectory);
        using var causal = HuggingFaceCheckpoint.Open(options.CausalModelDirectory);
        var causalConfig = causal.Config as CausalLmConfig ?? throw new MariaInputException(
            $"{options.CausalModelDirectory}: architecture '{causal.Config.Architecture}' is not a causal LM; pass a causal LM (e.g. OlmoForCausalLM) as --ar");
        var encoderBuilder = ArchitectureRegistry.Encoder(masked.Config.Architecture, Path.Combine(options.MaskedModelDirectory, "config.json"));
        var decoderBuilder = ArchitectureRegistry.Decoder(causal.Config.Architecture, Path.Combine(options.CausalModelDirectory, "config.json"));
        string maskedTokenizer = RequireTokenizer(masked);
        string causalTokenizer = RequireTokenizer(causal);
        var context = ContextLengths.Choose(masked.Config, causal.Config, options.ContextLength);

        progress?.Report($"checking tokenizers: {maskedTokenizer} against {causalTokenizer}");
        var vocabulary = TokenizerCompatibility.Check(maskedTokenizer, causalTokenizer, SpecialTokenHints.FromConfigs(masked.Config, causalConfig));
        CheckEmbeddingRows(masked, vocabulary.SharedSize, Math.Max(Math.Max(vocabulary.ClsId, vocabulary.SepId), Math.Max(vocabulary.PadId, vocabulary.MaskId)) + 1);
        CheckEmbeddingRows(causal, vocabulary.SharedSize, vocabulary.SharedSize);
        progress?.Report(string.Create(CultureInfo.InvariantCulture,
            $"shared vocabulary: ids 0..{vocabulary.SharedSize - 1}; context: decoder {context.Decoder}, encoder {context.Encoder}; weights {WeightsName(options.Weights)}"));

        using var head = HeadSelection.Create(options, masked, causal, vocabulary.SharedSize, progress);
        long planned = PackageSizePlan.Estimate(masked, causal, head, options.Weights, maskedTokenizer);
        long free = (options.FreeBytesProbe ?? DiskSpaceCheck.FreeBytes)(options.OutputDirectory);
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"disk: package planned at most {planned / 1e6:0.#} MB, {free / 1e6:0.#} MB free"));
        DiskSpaceCheck.Require(options.OutputDirectory, planned, free);
        using var staging = StagingDirectory.Create(options.OutputDirectory, options.Overwrite);
        cancellation.ThrowIfCancellationRequested();

        progress?.Report($"building {PackageFileNames.Encoder} ({masked.Config.Architecture})");
        var encoder = encoderBuilder.Build(new EncoderBuildRequest(masked, vocabulary.SharedSize, context.Encoder, options.Weights,
            Path.Combine(staging.Path, PackageFileNames.Encoder), progress)) with { File = PackageFileNames.Encoder };
        cancellation.ThrowIfCancellationRequested();

        progress?.Report($"building {PackageFileNames.Decoder} ({causal.Config.Architecture})");
        var decoder = decoderBuilder.Build(new DecoderBuildRequest(causal, head, vocabulary.SharedSize, context.Decoder, options.Weights,
            Path.Combine(staging.Path, PackageFileNames.Decoder), progress)) with { File = PackageFileNames.Decoder };
        cancellation.ThrowIfCancellationRequested();

        File.Copy(maskedTokenizer, Path.Combine(staging.Path, PackageFileNames.Tokenizer));
        var sharedVocabulary = vocabulary.ToManifest(PackageFileNames.Tokenizer);
        // onnxruntime-genai's manifest: the decoder as a plain causal LM (its own Generator, batch 1).
        GenAiConfigWriter.Write(staging.Path, decoder, sharedVocabulary);
        var provenance = new ProvenanceManifest
        {
            Exporter = ExporterName,
            Created = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            MaskedModel = SourceFiles.Of(masked, progress, cancellation),
            CausalModel = SourceFiles.Of(causal, progress, cancellation),
        };
        var manifest = new PackageManifest
        {
            Encoder = encoder,
            Decoder = decoder,
            Head = head.ToManifest(),
            Vocabulary = sharedVocabulary,
            Provenance = provenance,
            Files = HashPackageFiles(staging.Path, progress, cancellation),
        };
        string json = PackageManifestReader.ToJson(manifest);
        PackageManifestReader.Parse(json, PackageManifestReader.FileName); // the exporter never writes a manifest the runtime refuses
        File.WriteAllText(Path.Combine(staging.Path, PackageManifestReader.FileName), json);
        cancellation.ThrowIfCancellationRequested();
        if (options.SaveHeadPath is { } headFile)
        {
            progress?.Report($"head: writing {headFile}");
            head.Save(headFile);
        }

        staging.Commit();
        progress?.Report($"wrote {options.OutputDirectory}");
        return manifest;
    }

    /// <summary>
    /// The manifest spelling of a weight storage: <c>fp32</c>, <c>fp16</c>, <c>int8</c> (8-bit, symmetric blocks of 32) or
    /// <c>int4-block{32|64|128}</c> with <c>-zp</c> when the blocks have zero points (<see cref="WeightsFormat"/> reads it back).
    /// </summary>
    public static string WeightsName(WeightStorage weights) => weights switch
    {
        WeightStorage.Float32 => "fp32",
        WeightStorage.Float16 => "fp16",
        WeightStorage.Int8 => "int8",
        WeightStorage.Int4Block32 => "int4-block32",
        WeightStorage.Int4Block64 => "int4-block64",
        WeightStorage.Int4Block128 => "int4-block128",
        WeightStorage.Int4Block32ZeroPoints => "int4-block32-zp",
        WeightStorage.Int4Block64ZeroPoints => "int4-block64-zp",
        WeightStorage.Int4Block128ZeroPoints => "int4-block128-zp",
        _ => throw new ArgumentOutOfRangeException(nameof(weights), weights, "unknown weight storage"),
    };

    private static string RequireTokenizer(HuggingFaceCheckpoint checkpoint) => checkpoint.TokenizerPath
        ?? throw new MariaInputException($"checkpoint folder '{checkpoint.Directory}' has no tokenizer.json; download it from the model's Hub page together with the weights");

    /// <summary>The embedding matrix must have a row for every id the package can feed the model.</summary>
    private static void CheckEmbeddingRows(HuggingFaceCheckpoint checkpoint, int sharedSize, int idsNeeded)
    {
        if (checkpoint.Config.VocabSize < idsNeeded)
        {
            throw new MariaInputException(string.Create(CultureInfo.InvariantCulture,
                $"{Path.Combine(checkpoint.Directory, "config.json")}: vocab_size {checkpoint.Config.VocabSize} is smaller than the {idsNeeded} ids its tokenizer uses (shared ids 0..{sharedSize - 1}); the config does not belong to this tokenizer"));
        }
    }

    /// <summary>Size and sha256 of every file written so far, by path relative to the package (forward slashes).</summary>
    private static Dictionary<string, PackageFileEntry> HashPackageFiles(string directory, IProgress<string>? progress, CancellationToken cancellation)
    {
        var files = new SortedDictionary<string, PackageFileEntry>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            cancellation.ThrowIfCancellationRequested();
            string name = Path.GetRelativePath(directory, path).Replace('\\', '/');
            progress?.Report($"hashing {name}");
            files[name] = new PackageFileEntry(new FileInfo(path).Length, PackageManifestReader.Sha256Of(path));
        }
        return new Dictionary<string, PackageFileEntry>(files, StringComparer.Ordinal);
    }

    private static string Version()
    {
        var assembly = typeof(PackageExporter).Assembly;
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
