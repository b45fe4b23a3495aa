using System.Text.Json.Nodes;
using Maria.Export.Checkpoints;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Head;
using Maria.Export.Packaging;
using Maria.Export.Tests.Compatibility;
using Maria.Export.Tests.Onnx;
using Maria.Export.Tests.Packaging;
using Maria.Export.Weights;
using Maria.Runtime;
using Maria.Runtime.Packaging;

namespace Maria.Export.Tests.Head;

/// <summary>
/// Exports tiny packages with a known random trained head, reads the head back out of the decoder graph, and
/// re-exports with it. The AR model has hidden 48, so each W_ar row is two int8 blocks, the second padded.
/// </summary>
public sealed class PackageHeadReaderTests
{
    private const int SharedSize = TinyTokenizerPair.SharedSize;
    private const int ArHidden = 48;
    private const int MlmHidden = 32;
    private const int Width = ArHidden + MlmHidden;

    private static TinyPackageSources Sources()
    {
        var sources = new TinyPackageSources();
        TinyCheckpoint.WriteOlmo(sources.CausalModel, TinyCheckpoint.Olmo() with { HiddenSize = ArHidden, NumAttentionHeads = 3, NumKeyValueHeads = 3 });
        return sources;
    }

    private static (float[] Weight, float[] Bias, string Path) WriteHead(TinyPackageSources sources)
    {
        float[] weight = TestData.Random(41, SharedSize * Width, 0.5f);
        float[] bias = TestData.Random(42, SharedSize);
        string path = Path.Combine(sources.Root, "head.safetensors");
        using var head = MariaHead.FromWeights(weight, bias, ArHidden, MlmHidden, new Dictionary<string, string> { ["steps"] = "100", ["validation_loss"] = "3.25" });
        head.Save(path);
        return (weight, bias, path);
    }

    private static PackageManifest Export(TinyPackageSources sources, string output, WeightStorage weights, string? headPath = null, string? headPackage = null) =>
        PackageExporter.Export(new PackageExportOptions(sources.MaskedModel, sources.CausalModel, output)
        {
            HeadPath = headPath,
            HeadPackage = headPackage,
            Weights = weights,
        });

    private static string Decoder(string package) => Path.Combine(package, "decoder.onnx");

    /// <summary>What an int8 graph multiplies by: each part's rows quantised in blocks of 32, then dequantised.</summary>
    private static float[] Int8RoundTrip(float[] weight)
    {
        var result = new float[weight.Length];
        foreach (var (start, length) in new[] { (0, ArHidden), (ArHidden, MlmHidden) })
        {
            int blocks = BlockwiseInt8Quantizer.BlocksPerRow(length);
            var quantized = new byte[blocks * BlockwiseInt8Quantizer.BlockSize];
            var scales = new float[blocks];
            for (int row = 0; row < SharedSize; row++)
            {
                BlockwiseInt8Quantizer.QuantizeRow(weight.AsSpan(row * Width + start, length), quantized, scales);
                BlockwiseInt8Quantizer.DequantizeRow(quantized, scales, result.AsSpan(row * Width + start, length));
            }
        }

        return result;
    }

    [Fact]
    public void An_fp32_package_gives_back_its_trained_head_exactly_with_its_provenance()
    {
        using var sources = Sources();
        var (weight, bias, headPath) = WriteHead(sources);
        var manifest = Export(sources, sources.Output, WeightStorage.Float32, headPath);

        using var head = PackageHeadReader.Read(sources.Output);
        var (readWeight, readBias) = head.ReadWeights();

        Assert.Equal(weight, readWeight);
        Assert.Equal(bias, readBias);
        Assert.Equal((HeadManifest.Trained, SharedSize, ArHidden, MlmHidden), (head.Kind, head.SharedVocabularySize, head.ArHiddenSize, head.MlmHiddenSize));
        Assert.Equal(new SourceFile("head.safetensors", PackageManifestReader.Sha256Of(headPath)), head.Source);
        Assert.Equal(["steps", "validation_loss", PackageHeadReader.RecoveredFromKey, PackageHeadReader.RecoveredWeightsKey], head.Training!.Keys);
        Assert.Equal((manifest.Files["decoder.onnx"].Sha256, "fp32"), (head.Training[PackageHeadReader.RecoveredFromKey], head.Training[PackageHeadReader.RecoveredWeightsKey]));
    }

    [Fact]
    public void An_int8_package_gives_back_the_dequantised_head_and_re_exports_byte_identical_head_initialisers()
    {
        using var sources = Sources();
        var (weight, bias, headPath) = WriteHead(sources);
        Export(sources, sources.Output, WeightStorage.Int8, headPath);
        string again = Path.Combine(sources.Root, "again");

        using (var head = PackageHeadReader.Read(sources.Output))
        {
            var (readWeight, readBias) = head.ReadWeights();
            Assert.Equal(Int8RoundTrip(weight), readWeight);
            Assert.Equal(bias, readBias);
        }

        var manifest = Export(sources, again, WeightStorage.Int8, headPackage: sources.Output);

        HeadInitializers.AssertIdentical(Decoder(sources.Output), Decoder(again));
        // Same checkpoints and the same head: the whole decoder comes out byte for byte.
        Assert.Equal(File.ReadAllBytes(Decoder(sources.Output)), File.ReadAllBytes(Decoder(again)));
        var original = PackageManifestReader.Read(sources.Output).Head;
        Assert.Equal((original.Kind, original.Source), (manifest.Head.Kind, manifest.Head.Source));
        Assert.Equal("int8", manifest.Head.Training![PackageHeadReader.RecoveredWeightsKey]);
        Assert.All(PackageVerifier.Verify(again), check => Assert.True(check.Passed, $"{check.Name}: {check.Detail}"));
    }

    [Fact]
    public void An_int8_head_re_exported_at_fp32_keeps_the_values_the_int8_package_computed_with()
    {
        using var sources = Sources();
        var (weight, _, headPath) = WriteHead(sources);
        Export(sources, sources.Output, WeightStorage.Int8, headPath);
        string again = Path.Combine(sources.Root, "again");

        Export(sources, again, WeightStorage.Float32, headPackage: sources.Output);

        using var head = PackageHeadReader.Read(again);
        Assert.Equal(Int8RoundTrip(weight), head.ReadWeights().Weight);
        Assert.Equal("fp32", head.Training![PackageHeadReader.RecoveredWeightsKey]);
    }

    [Fact]
    public void An_fp16_package_gives_back_the_head_in_float16_precision_and_re_exports_it_unchanged()
    {
        using var sources = Sources();
        var (weight, _, headPath) = WriteHead(sources);
        Export(sources, sources.Output, WeightStorage.Float16, headPath);
        string again = Path.Combine(sources.Root, "again");

        using (var head = PackageHeadReader.Read(sources.Output))
        {
            Assert.Equal(weight.Select(w => (float)(Half)w), head.ReadWeights().Weight);
            Assert.Equal("fp16", head.Training![PackageHeadReader.RecoveredWeightsKey]);
        }

        Export(sources, again, WeightStorage.Float16, headPackage: sources.Output);

        HeadInitializers.AssertIdentical(Decoder(sources.Output), Decoder(again));
    }

    /// <summary>
    /// Sources whose every linear layer has K a multiple of 32, so an int4 export at block 32 takes them: AR hidden 32
    /// (the default), ModernBERT's intermediate size 64 instead of 48; the head [V_s, 32 + 32].
    /// </summary>
    private static TinyPackageSources Int4Sources()
    {
        var sources = new TinyPackageSources();
        TinyCheckpoint.WriteModernBert(sources.MaskedModel, TinyCheckpoint.ModernBert() with { IntermediateSize = 64 });
        return sources;
    }

    /// <summary>
    /// What a symmetric int4 graph multiplies by, written out here from MatMulNBits' documented rule rather than with
    /// the exporter's quantiser: per block of 32, s = m / -8 for the value m of largest magnitude,
    /// q = clamp(round(w / s) + 8, 0, 15), w' = (q - 8)·s.
    /// </summary>
    private static float[] SymmetricInt4RoundTrip(float[] weight, int block)
    {
        var result = new float[weight.Length];
        for (int start = 0; start < weight.Length; start += block)
        {
            var values = weight.AsSpan(start, block);
            float extreme = 0f;
            foreach (float w in values)
            {
                extreme = Math.Abs(w) > Math.Abs(extreme) ? w : extreme;
            }

            float scale = extreme / -8f;
            float inverse = scale == 0f ? 0f : 1f / scale;
            for (int i = 0; i < block; i++)
            {
                int q = Math.Clamp((int)MathF.Round(values[i] * inverse, MidpointRounding.ToEven) + 8, 0, 15);
                result[start + i] = (q - 8) * scale;
            }
        }

        return result;
    }

    [Fact]
    public void A_symmetric_int4_package_gives_back_the_dequantised_head_and_re_exports_byte_identical_head_initialisers()
    {
        using var sources = Int4Sources();
        string headPath = sources.WriteHead(new Dictionary<string, string> { ["steps"] = "7" });
        using var written = MariaHead.FromSafetensors(headPath, SharedSize, 32, 32);
        var (weight, bias) = written.ReadWeights();
        Export(sources, sources.Output, WeightStorage.Int4Block32, headPath);
        string again = Path.Combine(sources.Root, "again");

        using (var head = PackageHeadReader.Read(sources.Output))
        {
            var (readWeight, readBias) = head.ReadWeights();
            // Rows of 64 = W_ar's 32 then W_mlm's 32: each part is one block of 32 per row, so blocks of 32 over the
            // whole [V_s, 64] array are exactly the two parts' blocks.
            Assert.Equal(SymmetricInt4RoundTrip(weight, 32), readWeight);
            Assert.Equal(bias, readBias);
            Assert.Equal("int4-block32", head.Training![PackageHeadReader.RecoveredWeightsKey]);
        }

        var manifest = Export(sources, again, WeightStorage.Int4Block32, headPackage: sources.Output);

        HeadInitializers.AssertIdentical(Decoder(sources.Output), Decoder(again));
        Assert.Equal(File.ReadAllBytes(Decoder(sources.Output)), File.ReadAllBytes(Decoder(again)));
        Assert.Equal("int4-block32", manifest.Head.Training![PackageHeadReader.RecoveredWeightsKey]);
        Assert.All(PackageVerifier.Verify(again), check => Assert.True(check.Passed, $"{check.Name}: {check.Detail}"));
    }

    [Fact]
    public void An_int4_package_with_zero_points_gives_back_values_within_half_a_step_of_the_trained_head()
    {
        using var sources = Int4Sources();
        string headPath = sources.WriteHead(new Dictionary<string, string> { ["steps"] = "7" }, scale: 2f);
        using var written = MariaHead.FromSafetensors(headPath, SharedSize, 32, 32);
        float[] weight = written.ReadWeights().Weight;
        Export(sources, sources.Output, WeightStorage.Int4Block32ZeroPoints, headPath);

        using var head = PackageHeadReader.Read(sources.Output);
        float[] readWeight = head.ReadWeights().Weight;

        // Asymmetric 4-bit: a block's 16 levels span [min(0, min w), max(0, max w)], so every value is within half a
        // step, (max - min) / 30, of the trained one; weights uniform in ±1 give steps up to 2/15.
        Assert.Equal("int4-block32-zp", head.Training![PackageHeadReader.RecoveredWeightsKey]);
        for (int start = 0; start < weight.Length; start += 32)
        {
            var block = new ArraySegment<float>(weight, start, 32);
            float halfStep = (Math.Max(0f, block.Max()) - Math.Min(0f, block.Min())) / 30f;
            for (int i = 0; i < 32; i++)
            {
                float error = Math.Abs(readWeight[start + i] - block[i]);
                Assert.True(error <= halfStep * 1.0001f + 1e-7f, $"weight {start + i}: {readWeight[start + i]} recovered for {block[i]}, more than half a step {halfStep} away");
            }
        }

        Assert.NotEqual(weight, readWeight);
    }

    [Fact]
    public void A_product_of_experts_package_gives_back_halves_of_both_output_matrices()
    {
        using var sources = Sources();
        Export(sources, sources.Output, WeightStorage.Float32);
        using var ar = HuggingFaceCheckpoint.Open(sources.CausalModel);
        using var mlm = HuggingFaceCheckpoint.Open(sources.MaskedModel);
        using var expected = MariaHead.ProductOfExperts(ar, mlm, SharedSize);

        using var head = PackageHeadReader.Read(sources.Output);

        Assert.Equal(expected.ReadWeights().Weight, head.ReadWeights().Weight);
        Assert.Equal(expected.ReadWeights().Bias, head.ReadWeights().Bias);
        Assert.Equal(HeadManifest.ProductOfExperts, head.Kind);
        Assert.Null(head.Source);
    }

    [Fact]
    public void A_decoder_with_its_weights_in_an_external_data_file_gives_back_the_same_head()
    {
        using var sources = Sources();
        var (_, _, headPath) = WriteHead(sources);
        Export(sources, sources.Output, WeightStorage.Int8, headPath);
        var inline = HeadInitializers.Read(Decoder(sources.Output));
        float[] expected;
        using (var head = PackageHeadReader.Read(sources.Output))
        {
            expected = head.ReadWeights().Weight;
        }

        ExternalDataPackage.MoveDecoderWeightsOut(sources.Output);
        using var external = PackageHeadReader.Read(sources.Output);

        Assert.True(new FileInfo(Decoder(sources.Output) + ".data").Length > inline.Values.Sum(bytes => bytes.Length));
        Assert.Equal(expected, external.ReadWeights().Weight);
        Assert.Equal(PackageManifestReader.Sha256Of(Decoder(sources.Output)), external.Training![PackageHeadReader.RecoveredFromKey]);
    }

    [Fact]
    public void A_package_of_another_format_version_still_gives_up_its_head()
    {
        using var sources = Sources();
        var (weight, _, headPath) = WriteHead(sources);
        Export(sources, sources.Output, WeightStorage.Float32, headPath);
        string manifestPath = Path.Combine(sources.Output, PackageManifestReader.FileName);
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        manifest["format_version"] = PackageManifest.CurrentFormatVersion + 1;
        File.WriteAllText(manifestPath, manifest.ToJsonString());

        using var head = PackageHeadReader.Read(sources.Output);

        Assert.Equal(weight, head.ReadWeights().Weight);
    }

    [Fact]
    public void A_damaged_decoder_is_refused_naming_the_file()
    {
        using var sources = Sources();
        Export(sources, sources.Output, WeightStorage.Int8);
        using (var stream = File.Open(Decoder(sources.Output), FileMode.Open))
        {
            stream.Position = stream.Length / 2;
            int value = stream.ReadByte();
            stream.Position--;
            stream.WriteByte((byte)(value ^ 0xFF));
        }

        var error = Assert.Throws<MariaInputException>(() => PackageHeadReader.Read(sources.Output));

        Assert.StartsWith(Decoder(sources.Output), error.Message, StringComparison.Ordinal);
        Assert.Contains("the file is damaged or was replaced", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_a_manifest_is_refused_as_not_a_package()
    {
        using var sources = Sources();

        var error = Assert.Throws<MariaInputException>(() => PackageHeadReader.Read(sources.CausalModel));

        Assert.Equal($"--head-from '{sources.CausalModel}' is not a MARIA package (no maria.json); pass the folder 'maria export' wrote, or a head file with --head", error.Message);
    }

    [Fact]
    public void A_package_whose_decoder_is_not_an_onnx_graph_is_refused()
    {
        using var sources = Sources();
        HandMadePackage.Write(sources.Output);

        var error = Assert.Throws<MariaInputException>(() => PackageHeadReader.Read(sources.Output));

        Assert.StartsWith($"{Decoder(sources.Output)}: not a readable ONNX model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Head_and_head_package_together_are_refused_before_anything_is_written()
    {
        using var sources = Sources();
        var (_, _, headPath) = WriteHead(sources);

        var error = Assert.Throws<MariaInputException>(() => Export(sources, sources.Output, WeightStorage.Int8, headPath, headPackage: sources.Root));

        Assert.Contains("both give a head; pass one", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(sources.Output));
    }

    [Fact]
    public void A_recovered_head_of_other_sizes_is_refused_naming_both_shapes()
    {
        using var sources = Sources();
        var (_, _, headPath) = WriteHead(sources);
        Export(sources, sources.Output, WeightStorage.Int8, headPath);
        using var other = new TinyPackageSources(); // AR hidden 32

        var error = Assert.Throws<MariaInputException>(() => Export(other, other.Output, WeightStorage.Int8, headPackage: sources.Output));

        Assert.Contains($"its head is [{SharedSize}, 48 + 32] but this export needs [V_s, d_ar + d_mlm] = [{SharedSize}, 32 + 32]", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(other.Output));
    }
}
