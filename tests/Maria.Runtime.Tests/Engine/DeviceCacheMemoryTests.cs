using Maria.Runtime.Inference;
using Maria.Runtime.Packaging;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Runtime.Tests.Engine;

/// <summary>
/// The CUDA path's decoding (KV cache in the provider's memory through <see cref="DeviceCacheMemory"/>, every call
/// bound with OrtIoBinding, rows moved by the copy graph) run on the CPU, where it can be checked: ONNX Runtime's CPU
/// allocator stands in for CUDA device memory. Every logit, AR logit, hidden state and cached row equals the host
/// path's, through ragged batched chunks, a capacity growth and a slot move.
/// </summary>
public sealed class DeviceCacheMemoryTests
{
    private static string Package => Path.Combine(RepositoryFiles.Root, "models", "maria-tiny");

    [Fact]
    public void Bound_decoding_with_the_cache_in_provider_memory_equals_host_decoding_bit_for_bit()
    {
        var manifest = PackageManifestReader.Read(Package);
        string graph = Path.Combine(Package, manifest.Decoder.File);
        using var session = new InferenceSession(graph);
        int vocabulary = manifest.Vocabulary.SharedSize, mlm = manifest.Encoder.HiddenSize;
        var host = new DecoderSession(session, manifest.Decoder, vocabulary, mlm, graph);
        using var copyOptions = new SessionOptions();
        using var memory = new DeviceCacheMemory(OrtMemoryInfo.DefaultInstance, session, copyOptions);
        var bound = new DecoderSession(session, manifest.Decoder, vocabulary, mlm, graph, cacheMemory: memory);

        using var hostCache = host.CreateCache(2, 8);
        using var boundCache = bound.CreateCache(2, 8);
        var random = new Random(14);
        long[] Tokens(int count) => [.. Enumerable.Range(0, count).Select(_ => (long)random.Next(vocabulary))];
        float[] Rows(int count) => [.. Enumerable.Range(0, count * mlm).Select(_ => (float)(random.NextDouble() - 0.5))];
        DecoderChunk[][] calls =
        [
            [new(0, Tokens(9), [2, 5], Rows(2), [8]), new(1, Tokens(4), [3], Rows(1), [0, 3])],   // ragged prefill of two texts
            [new(0, Tokens(1), [0], Rows(1), [0])],                                                   // one step of text 0
            [new(1, Tokens(70), [69], Rows(1), [69])],                                                // grows the capacity past 64
            [new(0, Tokens(2), [], ReadOnlyMemory<float>.Empty, [1]), new(1, Tokens(1), [0], Rows(1), [0])],
        ];
        foreach (var call in calls)
        {
            var expected = host.Run(hostCache, call, CancellationToken.None);
            var actual = bound.Run(boundCache, call, CancellationToken.None);
            Assert.Equal(expected.Logits, actual.Logits);
            Assert.Equal(expected.ArLogits, actual.ArLogits);
            Assert.Equal(expected.HiddenStates, actual.HiddenStates);
        }
        Assert.True(boundCache.Capacity > 64, $"capacity {boundCache.Capacity}: the growth was not exercised");

        // Text 1 moves to slot 0 (as when text 0 finishes) and decodes on from there.
        hostCache.Move(1, 0);
        boundCache.Move(1, 0);
        DecoderChunk[] after = [new(0, Tokens(1), [0], Rows(1), [0])];
        Assert.Equal(host.Run(hostCache, after, CancellationToken.None).Logits, bound.Run(boundCache, after, CancellationToken.None).Logits);
        for (int position = 0; position < hostCache.Length(0); position += 7)
        {
            Assert.Equal(hostCache.ReadKey(1, 0, 2, position), boundCache.ReadKey(1, 0, 2, position));
        }
    }
}
