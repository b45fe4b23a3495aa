using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Export.Tests.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Export.Tests.Graphs;

public class GroupQueryAttentionTests
{
    private const int Heads = 4;
    private const int KvHeads = 2;
    private const int HeadDim = 16;
    private const int MaxLength = 16;
    private const int Tokens = 11;
    private const int QueryWidth = Heads * HeadDim;
    private const int KvWidth = KvHeads * HeadDim;

    private static readonly RotaryTables Tables = RotaryTables.Compute(HeadDim, 10000f, MaxLength);

    /// <summary>query/key/value (pre-RoPE) + past buffers + bookkeeping -> GQA with fused RoPE -> output, present.</summary>
    private static OnnxGraphBuilder BuildGraph(bool fusedRotary)
    {
        var builder = new OnnxGraphBuilder();
        string query = builder.AddInput("query", TensorProto.Types.DataType.Float, 1, "sequence_length", QueryWidth);
        string key = builder.AddInput("key", TensorProto.Types.DataType.Float, 1, "sequence_length", KvWidth);
        string value = builder.AddInput("value", TensorProto.Types.DataType.Float, 1, "sequence_length", KvWidth);
        string pastKey = builder.AddInput("past_key_values.0.key", TensorProto.Types.DataType.Float, 1, KvHeads, "max_length", HeadDim);
        string pastValue = builder.AddInput("past_key_values.0.value", TensorProto.Types.DataType.Float, 1, KvHeads, "max_length", HeadDim);
        string seqLens = builder.AddInput("seqlens_k", TensorProto.Types.DataType.Int32, 1);
        string total = builder.AddInput("total_sequence_length", TensorProto.Types.DataType.Int32);
        var (cos, sin) = RotaryEmbeddingBlock.AddCaches(builder, "/model/rotary_emb", Tables);
        if (!fusedRotary)
        {
            // RoPE applied before GQA with explicit position ids.
            string positions = builder.AddInput("position_ids", TensorProto.Types.DataType.Int64, 1, "sequence_length");
            query = RotaryEmbeddingBlock.AddRotaryEmbedding(builder, "/model/layers.0/attn/q_rotary", query, positions, cos, sin, Heads);
            key = RotaryEmbeddingBlock.AddRotaryEmbedding(builder, "/model/layers.0/attn/k_rotary", key, positions, cos, sin, KvHeads);
        }

        var inputs = new GroupQueryAttentionInputs(query, key, value, pastKey, pastValue, seqLens, total,
            fusedRotary ? cos : null, fusedRotary ? sin : null);
        var outputs = CausalAttentionBlock.AddGroupQueryAttention(builder, "/model/layers.0/attn", inputs, Heads, KvHeads, "present.0.key", "present.0.value");
        builder.AddNode("/output/Identity", "Identity", OnnxDomains.Standard, [outputs.Output], ["attn_output"]);
        builder.AddOutput("attn_output", TensorProto.Types.DataType.Float, 1, "sequence_length", QueryWidth);
        builder.AddOutput("present.0.key", TensorProto.Types.DataType.Float, 1, KvHeads, "max_length", HeadDim);
        builder.AddOutput("present.0.value", TensorProto.Types.DataType.Float, 1, KvHeads, "max_length", HeadDim);
        return builder;
    }

    /// <summary>The expected result: RoPE at positions 0..T-1, then causal GQA, all directly in C#.</summary>
    private static float[] Reference(float[] q, float[] k, float[] v)
    {
        long[] positions = Enumerable.Range(0, Tokens).Select(p => (long)p).ToArray();
        float[] qRotated = ReferenceAttention.RotateHalf(q, positions, 1, Tokens, Heads, HeadDim, Tables.Cos, Tables.Sin);
        float[] kRotated = ReferenceAttention.RotateHalf(k, positions, 1, Tokens, KvHeads, HeadDim, Tables.Cos, Tables.Sin);
        return ReferenceAttention.Attention(qRotated, kRotated, v, 1, Tokens, Tokens, Heads, KvHeads, HeadDim, (_, i, j) => j <= i);
    }

    /// <summary>
    /// Feeds tokens [start, start+count) on top of a cache holding <paramref name="start"/> tokens. The same
    /// OrtValue is bound as past and present (the shared-buffer convention), so the cache is updated in place.
    /// </summary>
    private static float[] Step(InferenceSession session, OrtValue keyCache, OrtValue valueCache, float[] q, float[] k, float[] v, int start, int count, bool fusedRotary)
    {
        int total = start + count;
        var inputs = new List<(string Name, OrtValue Value)>
        {
            ("query", OrtValue.CreateTensorValueFromMemory(q.AsSpan(start * QueryWidth, count * QueryWidth).ToArray(), [1, count, QueryWidth])),
            ("key", OrtValue.CreateTensorValueFromMemory(k.AsSpan(start * KvWidth, count * KvWidth).ToArray(), [1, count, KvWidth])),
            ("value", OrtValue.CreateTensorValueFromMemory(v.AsSpan(start * KvWidth, count * KvWidth).ToArray(), [1, count, KvWidth])),
            ("past_key_values.0.key", keyCache),
            ("past_key_values.0.value", valueCache),
            ("seqlens_k", OrtValue.CreateTensorValueFromMemory(new[] { total - 1 }, [1])),
            ("total_sequence_length", OrtValue.CreateTensorValueFromMemory(new[] { total }, [])),
        };
        if (!fusedRotary)
        {
            long[] positions = Enumerable.Range(start, count).Select(p => (long)p).ToArray();
            inputs.Add(("position_ids", OrtValue.CreateTensorValueFromMemory(positions, [1, count])));
        }

        float[] output = new float[count * QueryWidth];
        using var outputValue = OrtValue.CreateTensorValueFromMemory(output, [1, count, QueryWidth]);
        using var runOptions = new RunOptions();
        session.Run(runOptions, inputs.Select(i => i.Name).ToList(), inputs.Select(i => i.Value).ToList(),
            ["attn_output", "present.0.key", "present.0.value"], [outputValue, keyCache, valueCache]);
        foreach (var (name, value) in inputs)
        {
            if (!name.StartsWith("past_", StringComparison.Ordinal))
            {
                value.Dispose();
            }
        }

        return output;
    }

    private static float[] RunInChunks(bool fusedRotary, float[] q, float[] k, float[] v, int[] chunks, out float[] keyBuffer)
    {
        using var session = new InferenceSession(BuildGraph(fusedRotary).ToBytes());
        keyBuffer = new float[KvHeads * MaxLength * HeadDim];
        var valueBuffer = new float[KvHeads * MaxLength * HeadDim];
        using var keyCache = OrtValue.CreateTensorValueFromMemory(keyBuffer, [1, KvHeads, MaxLength, HeadDim]);
        using var valueCache = OrtValue.CreateTensorValueFromMemory(valueBuffer, [1, KvHeads, MaxLength, HeadDim]);
        var output = new List<float>();
        int start = 0;
        foreach (int count in chunks)
        {
            output.AddRange(Step(session, keyCache, valueCache, q, k, v, start, count, fusedRotary));
            start += count;
        }

        return [.. output];
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void One_full_causal_forward_matches_rope_then_causal_grouped_attention(bool fusedRotary)
    {
        float[] q = TestData.Random(91, Tokens * QueryWidth, 2f);
        float[] k = TestData.Random(92, Tokens * KvWidth, 2f);
        float[] v = TestData.Random(93, Tokens * KvWidth);

        float[] actual = RunInChunks(fusedRotary, q, k, v, [Tokens], out _);

        TestData.AssertClose(Reference(q, k, v), actual, 1e-5f);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Prefill_chunks_then_single_steps_on_a_shared_cache_equal_the_full_forward(bool fusedRotary)
    {
        float[] q = TestData.Random(94, Tokens * QueryWidth, 2f);
        float[] k = TestData.Random(95, Tokens * KvWidth, 2f);
        float[] v = TestData.Random(96, Tokens * KvWidth);

        // A first prompt of 4, a later prompt chunk of 3 on top of the cache, then 4 single steps.
        float[] stepwise = RunInChunks(fusedRotary, q, k, v, [4, 3, 1, 1, 1, 1], out float[] keyBuffer);
        float[] full = RunInChunks(fusedRotary, q, k, v, [Tokens], out _);

        TestData.AssertClose(full, stepwise, 1e-5f);
        TestData.AssertClose(Reference(q, k, v), stepwise, 1e-5f);
        // The managed buffer bound as past and present now holds the rotated keys of all tokens, in place.
        long[] positions = Enumerable.Range(0, Tokens).Select(p => (long)p).ToArray();
        float[] rotatedKeys = ReferenceAttention.RotateHalf(k, positions, 1, Tokens, KvHeads, HeadDim, Tables.Cos, Tables.Sin);
        int lastHead = KvHeads - 1;
        int lastToken = Tokens - 1;
        TestData.AssertClose(
            rotatedKeys.AsSpan((lastToken * KvHeads + lastHead) * HeadDim, HeadDim),
            keyBuffer.AsSpan((lastHead * MaxLength + lastToken) * HeadDim, HeadDim), 1e-5f);
    }
}
