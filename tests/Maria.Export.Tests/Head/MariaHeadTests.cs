using Maria.Export.Checkpoints;
using Maria.Export.Head;
using Maria.Export.Tests.Architectures.Causal;
using Maria.Export.Tests.Onnx;
using Maria.Runtime;
using Maria.Runtime.Packaging;

namespace Maria.Export.Tests.Head;

public sealed class MariaHeadTests
{
    private const int Tokens = 6;
    private const int SharedVocabulary = DecoderExports.SharedVocabulary;

    private static long[] Ids(int salt) => Enumerable.Range(0, Tokens).Select(i => (long)((i * 7 + salt) % SharedVocabulary)).ToArray();

    private static long[] AllPositions => Enumerable.Range(0, Tokens).Select(i => (long)i).ToArray();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Product_of_experts_weights_are_halves_of_both_output_matrices_over_the_shared_vocabulary(bool tied)
    {
        using var exports = new DecoderExports(TinyCheckpoints.Olmo(tied));
        using var ar = HuggingFaceCheckpoint.Open(exports.ArDirectory);
        using var mlm = HuggingFaceCheckpoint.Open(exports.MlmDirectory);
        using var head = MariaHead.ProductOfExperts(ar, mlm, SharedVocabulary);
        int dAr = exports.Config.HiddenSize, dMlm = exports.MlmConfig.HiddenSize;

        var (weight, bias) = head.ReadWeights();

        Assert.Equal(HeadManifest.ProductOfExperts, head.Kind);
        Assert.Equal((SharedVocabulary, dAr, dMlm), (head.SharedVocabularySize, head.ArHiddenSize, head.MlmHiddenSize));
        for (int row = 0; row < SharedVocabulary; row++)
        {
            for (int i = 0; i < dAr; i++)
            {
                Assert.Equal(exports.OutputMatrix[row * dAr + i] / 2, weight[row * (dAr + dMlm) + i]);
            }

            for (int i = 0; i < dMlm; i++)
            {
                Assert.Equal(exports.MlmEmbedding[row * dMlm + i] / 2, weight[row * (dAr + dMlm) + dAr + i]);
            }

            Assert.Equal(exports.MlmBias[row] / 2, bias[row]);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Product_of_experts_logits_are_the_average_of_the_two_models_logits(bool tied)
    {
        using var exports = new DecoderExports(TinyCheckpoints.Olmo(tied));
        var (manifest, path) = exports.ExportProduct();
        using var session = new DecoderGraphHarness(path, manifest, SharedVocabulary, exports.MlmConfig.HiddenSize);
        int dMlm = exports.MlmConfig.HiddenSize;
        float[] u = TestData.Random(17, Tokens * dMlm, 2f);

        var result = session.Run(Ids(3), AllPositions, u, AllPositions);

        // The MLM's own logits u·W2ᵀ + b2 over the shared vocabulary, and the AR model's (the graph's ar_logits).
        float[] mlmLogits = ReferenceHead.Multiply(u, Tokens, dMlm, exports.MlmEmbedding, SharedVocabulary);
        var average = new float[Tokens * SharedVocabulary];
        for (int i = 0; i < average.Length; i++)
        {
            average[i] = 0.5f * (result.ArLogits[i] + mlmLogits[i] + exports.MlmBias[i % SharedVocabulary]);
        }

        TestData.AssertClose(average, result.Logits, 1e-4f);
    }

    [Fact]
    public void Trained_head_logits_are_w3_times_the_ar_and_mlm_states_plus_b3()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Llama());
        int dAr = exports.Config.HiddenSize, dMlm = exports.MlmConfig.HiddenSize, width = dAr + dMlm;
        float[] weight = TestData.Random(21, SharedVocabulary * width, 0.4f);
        float[] bias = TestData.Random(22, SharedVocabulary);
        using var head = MariaHead.FromWeights(weight, bias, dAr, dMlm);
        var (manifest, path) = exports.ExportWith(head);
        using var session = new DecoderGraphHarness(path, manifest, SharedVocabulary, dMlm);
        float[] u = TestData.Random(23, 2 * dMlm, 2f);

        var result = session.Run(Ids(5), [5, 2], u, []);

        var features = new float[2 * width];
        for (int r = 0; r < 2; r++)
        {
            result.Hidden.AsSpan(r * dAr, dAr).CopyTo(features.AsSpan(r * width));
            u.AsSpan(r * dMlm, dMlm).CopyTo(features.AsSpan(r * width + dAr));
        }

        float[] expected = ReferenceHead.Multiply(features, 2, width, weight, SharedVocabulary);
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] += bias[i % SharedVocabulary];
        }

        TestData.AssertClose(expected, result.Logits, 1e-4f);
        Assert.Equal(HeadManifest.Trained, head.ToManifest().Kind);
    }

    [Fact]
    public void A_saved_head_reads_back_with_its_values_training_facts_and_hash()
    {
        using var directory = new TemporaryFolder();
        float[] weight = TestData.Random(31, 5 * 7);
        float[] bias = TestData.Random(32, 5);
        string path = directory.File("head.safetensors");
        using (var head = MariaHead.FromWeights(weight, bias, 3, 4))
        {
            head.Save(path, new Dictionary<string, string> { ["steps"] = "1200", ["validation_loss"] = "2.5" });
        }

        using var loaded = MariaHead.FromSafetensors(path, 5, 3, 4);
        var (readWeight, readBias) = loaded.ReadWeights();
        var manifest = loaded.ToManifest();

        Assert.Equal(weight, readWeight);
        Assert.Equal(bias, readBias);
        Assert.Equal((HeadManifest.Trained, 7, 5), (manifest.Kind, manifest.InFeatures, manifest.OutFeatures));
        Assert.Equal(new SourceFile("head.safetensors", PackageManifestReader.Sha256Of(path)), manifest.Source);
        Assert.Equal("1200", manifest.Training!["steps"]);
        Assert.False(manifest.Training.ContainsKey("format"));
    }

    [Fact]
    public void A_head_file_with_a_wrong_weight_shape_is_refused_naming_the_tensor_and_both_shapes()
    {
        using var directory = new TemporaryFolder();
        string path = directory.File("head.safetensors");
        using (var head = MariaHead.FromWeights(new float[5 * 7], new float[5], 3, 4))
        {
            head.Save(path);
        }

        var error = Assert.Throws<MariaInputException>(() => MariaHead.FromSafetensors(path, 5, 4, 4));

        Assert.Contains("'weight'", error.Message, StringComparison.Ordinal);
        Assert.Contains("[5, 7]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[5, 8]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_head_file_without_a_bias_is_refused_naming_it()
    {
        using var directory = new TemporaryFolder();
        string path = directory.File("head.safetensors");
        SafetensorsWriter.Write(path, [TensorToWrite.FromFloat32(MariaHead.WeightTensor, [5, 7], new float[35])]);

        var error = Assert.Throws<MariaInputException>(() => MariaHead.FromSafetensors(path, 5, 3, 4));

        Assert.Contains("'bias'", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Product_of_experts_refuses_a_shared_vocabulary_larger_than_either_model()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Olmo());
        using var ar = HuggingFaceCheckpoint.Open(exports.ArDirectory);
        using var mlm = HuggingFaceCheckpoint.Open(exports.MlmDirectory);

        var error = Assert.Throws<MariaInputException>(() => MariaHead.ProductOfExperts(ar, mlm, exports.Config.VocabSize + 1));

        Assert.Contains($"{exports.Config.VocabSize + 1}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Product_of_experts_refuses_checkpoints_given_in_the_wrong_roles()
    {
        using var exports = new DecoderExports(TinyCheckpoints.Olmo());
        using var ar = HuggingFaceCheckpoint.Open(exports.ArDirectory);
        using var mlm = HuggingFaceCheckpoint.Open(exports.MlmDirectory);

        var error = Assert.Throws<MariaInputException>(() => MariaHead.ProductOfExperts(mlm, ar, 10));

        Assert.Contains("ModernBertForMaskedLM", error.Message, StringComparison.Ordinal);
    }
}
