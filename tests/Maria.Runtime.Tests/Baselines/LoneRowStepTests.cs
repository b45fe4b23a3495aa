using System.Text.Json.Nodes;
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
        var generation = TokenRowsPerRun(model => model.Baselines.Autoregressive(Prefix(model), 3), batchInvariant: true);
        Assert.Equal(new[] { new[] { 1, 16 }, [1, 16], [1, 16] }, generation);
    }

    private static int[] Prefix(MariaModel model) =>
        model.Tokenizer.Encode("The state of the Union is strong and our nation").Where(id => id < model.Manifest.Vocabulary.SharedSize).Take(7).ToArray();

    /// <summary>Runs <paramref name="decode"/> on a freshly loaded, profiled model; returns input_ids' [batch, sequence] of every decoder run, in order.</summary>
    private List<int[]> TokenRowsPerRun(Action<MariaModel> decode, bool batchInvariant = false)
    {
        string profiles = Path.Combine(package.Root, "profiles-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profiles);
        using (var model = MariaModel.Load(package.PackageDirectory, new MariaModelOptions(BatchInvariant: batchInvariant) { ProfileDirectory = profiles }))
        {
            Assert.Equal(7, Prefix(model).Length);
            decode(model);
        }
        // ONNX Runtime writes the profile when the session closes: one Chrome-trace JSON array per graph.
        string decoderProfile = Assert.Single(Directory.GetFiles(profiles, "decoder*.json"));
        return JsonNode.Parse(File.ReadAllText(decoderProfile))!.AsArray()
            .Where(e => e!["cat"]?.GetValue<string>() == "Node"
                && e["name"]!.GetValue<string>().StartsWith("/model/embed_tokens/", StringComparison.Ordinal)
                && e["args"]?["op_name"]?.GetValue<string>() == "Gather")
            .Select(e => e!["args"]!["input_type_shape"]!.AsArray()[1]!["int64"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray())
            .ToList();
    }
}
