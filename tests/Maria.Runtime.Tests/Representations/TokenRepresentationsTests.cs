using Maria.Runtime.Baselines;
using Maria.Runtime.Representations;
using Maria.Runtime.Scoring;
using Maria.Runtime.Tests.Engine;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Runtime.Tests.Representations;

/// <summary>Per-token representations checked against the package graphs' own outputs.</summary>
[Collection(TinyPackageCollection.Name)]
public sealed class TokenRepresentationsTests(TinyPackageFixture package)
{
    private const string Text = "The state of the Union is strong, and our nation must meet the budget this year.";

    [Fact]
    public void Mlm_rows_are_the_encoder_graphs_mlm_hidden_at_every_token()
    {
        var model = package.Model;
        var tokens = model.Tokenizer.Encode(Text).ToArray();
        int[] masks = [2, 5];
        var representations = model.RepresentTokens(tokens, masks);

        // The encoder graph run directly: [CLS] x' [SEP] -> mlm_hidden [1, n + 2, d_mlm].
        var vocabulary = model.Manifest.Vocabulary;
        var stream = new long[tokens.Length + 2];
        stream[0] = vocabulary.ClsId;
        stream[^1] = vocabulary.SepId;
        for (int i = 0; i < tokens.Length; i++)
        {
            stream[i + 1] = masks.Contains(i) ? vocabulary.MaskId : tokens[i];
        }
        using var session = new InferenceSession(Path.Combine(package.PackageDirectory, model.Manifest.Encoder.File));
        using var ids = OrtValue.CreateTensorValueFromMemory(stream, [1, stream.Length]);
        using var attention = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, stream.Length).ToArray(), [1, stream.Length]);
        using var positions = OrtValue.CreateTensorValueFromMemory(new long[] { 1 }, [1, 1]);
        using var outputs = session.Run(new RunOptions(), ["input_ids", "attention_mask", "logit_positions"], [ids, attention, positions], ["mlm_hidden"]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        int d = model.Manifest.Encoder.HiddenSize;
        for (int i = 0; i < tokens.Length; i++)
        {
            AssertClose(hidden.Slice((i + 1) * d, d), representations.Mlm(i), 1e-5f);
        }
    }

    [Fact]
    public void Maria_rows_at_the_masks_are_exactly_the_heads_training_features()
    {
        var model = package.Model;
        var tokens = model.Tokenizer.Encode(Text).ToArray();
        int[] masks = [0, 3, 4, tokens.Length - 1];
        var representations = model.RepresentTokens(tokens, masks);
        var features = new HeadFeatureExtractor(model).Extract(tokens, masks);
        int dAr = features.ArStates.Length / masks.Length, dMlm = features.MlmStates.Length / masks.Length;
        var maria = representations.Matrix(RepresentationKind.Maria);
        int width = representations.Width(RepresentationKind.Maria);
        Assert.Equal(dAr + dMlm, width);
        for (int k = 0; k < masks.Length; k++)
        {
            var row = maria.AsSpan(masks[k] * width, width);
            AssertClose(features.ArStates.AsSpan(k * dAr, dAr), row[..dAr], 1e-4f);
            AssertClose(features.MlmStates.AsSpan(k * dMlm, dMlm), row[dAr..], 1e-5f);
        }
    }

    [Fact]
    public void Ar_states_are_causal_and_after_token_is_head_input_shifted_by_one()
    {
        var model = package.Model;
        var tokens = model.Tokenizer.Encode(Text).ToArray();
        var whole = model.RepresentTokens(tokens);
        var prefix = model.RepresentTokens(tokens[..6]);
        for (int i = 0; i < 6; i++)
        {
            // v after token i depends only on tokens 0..i.
            AssertClose(whole.Ar(i, ArAlignment.AfterToken), prefix.Ar(i, ArAlignment.AfterToken), 1e-4f);
        }
        for (int i = 1; i < tokens.Length; i++)
        {
            Assert.True(whole.Ar(i, ArAlignment.HeadInput).SequenceEqual(whole.Ar(i - 1, ArAlignment.AfterToken)));
        }
        Assert.Equal(tokens.Length + 1, whole.ArStates.Length / whole.ArHiddenSize);
    }

    [Fact]
    public void A_masked_text_is_read_by_the_causal_model_with_marias_greedy_fills()
    {
        var model = package.Model;
        const string masked = "The [MASK] of the Union is [MASK].";
        var fills = model.Infill(masked).Tokens;
        var representations = model.Represent(masked);
        Assert.Equal(fills.Select(f => f.Position), representations.MaskPositions);
        Assert.Equal(fills.Select(f => f.TokenId), representations.MaskPositions.Select(p => representations.TokenIds[p]));
        var teacherForced = model.RepresentTokens(representations.TokenIds, representations.MaskPositions);
        Assert.Equal(teacherForced.Matrix(RepresentationKind.Maria), representations.Matrix(RepresentationKind.Maria));
    }

    [Fact]
    public void Batched_texts_get_the_representations_they_get_alone()
    {
        var model = package.Model;
        string[] texts = [Text, "Our nation is strong.", "The [MASK] is [MASK] this year."];
        var batched = model.Represent(texts, batchSize: 3);
        for (int t = 0; t < texts.Length; t++)
        {
            var alone = model.Represent(texts[t]);
            Assert.Equal(alone.TokenIds, batched[t].TokenIds);
            AssertClose(alone.Matrix(RepresentationKind.Maria, ArAlignment.AfterToken), batched[t].Matrix(RepresentationKind.Maria, ArAlignment.AfterToken), 1e-4f);
        }
    }

    [Fact]
    public void Mean_pooling_averages_the_rows()
    {
        var model = package.Model;
        var representations = model.Represent("Our nation is strong.");
        var mean = representations.Mean(RepresentationKind.MaskedLanguageModel);
        int d = representations.MlmHiddenSize;
        for (int j = 0; j < d; j += 7)
        {
            double expected = Enumerable.Range(0, representations.Count).Average(i => representations.Mlm(i)[j]);
            Assert.Equal(expected, mean[j], 5);
        }
    }

    [Fact]
    public void A_token_outside_the_shared_vocabulary_is_refused_with_its_position()
    {
        var model = package.Model;
        var error = Assert.Throws<MariaInputException>(() => model.RepresentTokens(new MaskedTokens[] { new([5, 6], []), new([5, 999999], []) }, 2));
        Assert.Contains("text 1", error.Message);
        Assert.Contains("position 1", error.Message);
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int j = 0; j < expected.Length; j++)
        {
            Assert.True(Math.Abs(expected[j] - actual[j]) <= tolerance * Math.Max(1f, Math.Abs(expected[j])),
                $"element {j}: expected {expected[j]}, got {actual[j]}");
        }
    }
}
