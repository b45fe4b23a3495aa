using Maria.Runtime.Baselines;
using Maria.Runtime.Tests.Engine;

namespace Maria.Runtime.Tests.Baselines;

/// <summary>
/// Plain generation of one text runs its single-token steps as one token row (ONNX Runtime's lone-row kernel, the
/// fastest step); everything else keeps the padding row that makes a text's logits independent of its batch-mates.
/// Read from ONNX Runtime's own per-node profile: the token ids the embedding lookup received in each decoder run.
/// </summary>
[Collection(TinyPackageCollection.Name)]
public sealed class LoneRowStepTests(TinyPackageFixture package)
{
    [Fact]
    public void Plain_generation_steps_take_one_token_row_and_maria_decoding_keeps_two()
    {
        var generation = TokenRowsPerRun(model => model.Baselines.Autoregressive(Prefix(model), 4));
        // The prefill ([BOS] + 7 tokens, already even) and three single-token steps with no padding row.
        Assert.Equal(new[] { new[] { 1, 8 }, [1, 1], [1, 1], [1, 1] }, generation);

        var maria = TokenRowsPerRun(model => model.Baselines.Maria(Prefix(model), [3, 4, 5]));
        Assert.NotEmpty(maria);
        Assert.All(maria, shape => Assert.True(shape[0] * shape[1] >= 2, $"a MARIA call ran [{shape[0]}, {shape[1]}] token rows"));
        Assert.Contains(maria, shape => shape.SequenceEqual([1, 2]));
    }

    [Fact]
    public void With_batch_invariance_plain_generation_steps_keep_sixteen_rows()
    {
        var generation = TokenRowsPerRun(model => model.Baselines.Autoregressive(Prefix(model), 3), new MariaModelOptions(BatchInvariant: true));
        Assert.Equal(new[] { new[] { 1, 16 }, [1, 16], [1, 16] }, generation);
        // Lone rows give way to batch invariance.
        var both = TokenRowsPerRun(model => model.Baselines.Maria(Prefix(model), [3, 4, 5]), new MariaModelOptions(BatchInvariant: true) { LoneRows = true });
        Assert.All(both, shape => Assert.Equal(16, shape[0] * shape[1]));
    }

    [Fact]
    public void With_lone_rows_maria_decoding_of_one_text_runs_its_single_token_calls_as_one_row_and_fills_alike()
    {
        BaselineResult? lone = null, padded = null;
        var shapes = TokenRowsPerRun(model => lone = model.Baselines.Maria(Prefix(model), [3, 4, 5]), new MariaModelOptions { LoneRows = true });
        // The chunk up to the first mask, then one token per mask, unpadded.
        Assert.Equal(new[] { new[] { 1, 4 }, [1, 1], [1, 1] }, shapes);
        TokenRowsPerRun(model => padded = model.Baselines.Maria(Prefix(model), [3, 4, 5]), MariaModelOptions.Default);
        // The same computation by another kernel: fp32 weights here, so the same tokens and probabilities to rounding.
        Assert.Equal(padded!.TokenIds, lone!.TokenIds);
        for (int m = 0; m < 3; m++)
        {
            Assert.Equal(padded.Probabilities[m], lone.Probabilities[m], 1e-5f);
        }
    }

    private static int[] Prefix(MariaModel model) =>
        model.Tokenizer.Encode("The state of the Union is strong and our nation").Where(id => id < model.Manifest.Vocabulary.SharedSize).Take(7).ToArray();

    /// <summary>Runs <paramref name="decode"/> on a freshly loaded, profiled model (<paramref name="options"/>, default options when null); returns input_ids' [batch, sequence] of every decoder run, in order.</summary>
    private List<int[]> TokenRowsPerRun(Action<MariaModel> decode, MariaModelOptions? options = null)
    {
        string profiles = Path.Combine(package.Root, "profiles-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profiles);
        using (var model = MariaModel.Load(package.PackageDirectory, (options ?? MariaModelOptions.Default) with { ProfileDirectory = profiles }))
        {
            Assert.Equal(7, Prefix(model).Length);
            decode(model);
        }
        return DecoderTrace.TokenShapes(profiles);
    }
}
