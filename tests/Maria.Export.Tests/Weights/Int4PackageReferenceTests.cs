using Google.Protobuf;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx.Proto;
using Maria.Export.Packaging;
using Maria.Export.Tests.Checkpoints;
using Maria.Runtime.Packaging;

namespace Maria.Export.Tests.Weights;

/// <summary>
/// Exports int4 packages of the shipped tiny backbones (models/olmo-tiny, models/modernbert-tiny, the trained head of
/// models/maria-tiny) and checks the decoder against a reference decoder built here: every MatMulNBits node of the
/// exported graph replaced by a plain fp32 MatMul whose weight this test dequantises itself from the node's packed
/// initialisers, reading ONNX Runtime's documented layout (docs/ContribOperators.md, MatMulNBits): B [N, K/bs, bs/2]
/// uint8 with value 2i in the low nibble of byte i, scales [N·K/bs], zero points [N·ceil(K/bs/2)] packed the same way
/// or, when absent, 8; the token embeddings' GatherBlockQuantized likewise becomes a Gather over a table dequantised here.
/// The same logits within a stated tolerance mean that ONNX Runtime reads our bytes as we mean them.
/// </summary>
public sealed class Int4PackageReferenceTests
{
    /// <summary>
    /// With accuracy_level 0 (fp32 activations) MatMulNBits and the reference MatMul compute the same products and
    /// differ only in summation order: 1e-3 absolute on logits of magnitude up to ~20 (float32 rounding over K ≤ 512).
    /// </summary>
    private const float Fp32ActivationTolerance = 1e-3f;

    /// <summary>
    /// The shipped graph (accuracy_level 4) also rounds each block of activations to int8 (relative error up to
    /// 1/254 of the block's largest |x| per element); over four layers that moves logits by up to a few hundredths.
    /// Bound: 2% of the largest |logit|, with the mean difference below 0.5% of it.
    /// </summary>
    private const float Int8ActivationRelativeTolerance = 0.02f;

    [Theory]
    [InlineData(WeightStorage.Int4Block32)]
    [InlineData(WeightStorage.Int4Block64)]
    [InlineData(WeightStorage.Int4Block128ZeroPoints)]
    public void The_int4_decoder_matches_a_decoder_dequantised_in_the_test(WeightStorage storage)
    {
        using var folder = new TemporaryFolder();
        string package = folder.File("package");
        string models = Path.Combine(RepositoryFiles.Root, "models");
        PackageExporter.Export(new PackageExportOptions(Path.Combine(models, "modernbert-tiny"), Path.Combine(models, "olmo-tiny"), package)
        {
            HeadPackage = Path.Combine(models, "maria-tiny"),
            Weights = storage,
        });
        var manifest = PackageManifestReader.Read(package);
        string exported = Path.Combine(package, manifest.Decoder.File);
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(exported));
        int quantized = model.Graph.Node.Count(node => node.OpType == "MatMulNBits");
        Assert.True(quantized >= 4 * 4 + 3, $"expected every linear layer as MatMulNBits (4 per layer x 4 layers + lm_head and the two head parts), found {quantized}");
        Assert.Single(model.Graph.Node, node => node.OpType == "GatherBlockQuantized");

        string reference = folder.File("reference.onnx");
        File.WriteAllBytes(reference, DequantisedReference.Build(model).ToByteArray());
        string fp32Activations = folder.File("fp32-activations.onnx");
        File.WriteAllBytes(fp32Activations, WithAccuracyLevel(model, 0).ToByteArray());

        var expected = RunDecoder(reference, manifest);
        var exact = RunDecoder(fp32Activations, manifest);
        var shipped = RunDecoder(exported, manifest);

        AssertClose(expected.Logits, exact.Logits, Fp32ActivationTolerance, "MARIA logits, accuracy_level 0");
        AssertClose(expected.ArLogits, exact.ArLogits, Fp32ActivationTolerance, "AR logits, accuracy_level 0");
        float largest = expected.Logits.Max(Math.Abs);
        AssertClose(expected.Logits, shipped.Logits, Int8ActivationRelativeTolerance * largest, "MARIA logits, shipped accuracy_level 4");
        double mean = expected.Logits.Zip(shipped.Logits, (a, b) => (double)Math.Abs(a - b)).Average();
        Assert.True(mean < 0.005 * largest, $"mean |logits difference| {mean:G3} at accuracy_level 4 exceeds 0.5% of the largest |logit| {largest:G3}");
    }

    /// <summary>Twelve tokens through one call, MARIA logits at every position with random MLM rows, AR logits at every position.</summary>
    private static DecoderOutputs RunDecoder(string path, PackageManifest manifest)
    {
        var random = new Random(5);
        long[] ids = [.. Enumerable.Range(0, 12).Select(_ => (long)random.Next(manifest.Vocabulary.SharedSize))];
        long[] positions = [.. Enumerable.Range(0, ids.Length).Select(i => (long)i)];
        float[] mlmRows = [.. Enumerable.Range(0, ids.Length * manifest.Encoder.HiddenSize).Select(_ => (float)(random.NextDouble() * 2 - 1))];
        using var harness = new DecoderGraphHarness(path, manifest.Decoder, manifest.Vocabulary.SharedSize, manifest.Encoder.HiddenSize);
        return harness.Run(ids, positions, mlmRows, positions);
    }

    private static ModelProto WithAccuracyLevel(ModelProto model, long level)
    {
        var copy = model.Clone();
        foreach (var node in copy.Graph.Node.Where(node => node.OpType == "MatMulNBits"))
        {
            node.Attribute.Single(attribute => attribute.Name == "accuracy_level").I = level;
        }

        return copy;
    }

    /// <summary>Fails with the first mismatching elements, nanoGPT-style.</summary>
    private static void AssertClose(float[] expected, float[] actual, float tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var bad = expected.Select((value, i) => (i, value, actual: actual[i])).Where(e => !(Math.Abs(e.value - e.actual) <= tolerance)).Take(5).ToList();
        Assert.True(bad.Count == 0,
            $"{what}: |difference| above {tolerance:G3} at {string.Join(", ", bad.Select(e => $"[{e.i}] expected {e.value:G6} got {e.actual:G6}"))}");
    }
}
