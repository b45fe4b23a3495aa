using Maria.Runtime.Packaging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Maria.Runtime.Inference;

/// <summary>
/// One decode's KV cache: per layer a key and a value buffer [1, kv_heads, capacity, head_dim] in native ONNX
/// Runtime memory, bound as both the past input and the present output of every decoder call so that
/// GroupQueryAttention appends in place (no per-step copies, no growing concatenation). Owned by one call.
/// </summary>
internal sealed class KeyValueCache : IDisposable
{
    private readonly OrtValue[] keys;
    private readonly OrtValue[] values;

    public KeyValueCache(DecoderManifest manifest, int capacity)
    {
        Capacity = capacity;
        long[] shape = [1, manifest.NumKeyValueHeads, capacity, manifest.HeadDim];
        keys = new OrtValue[manifest.NumLayers];
        values = new OrtValue[manifest.NumLayers];
        try
        {
            for (int layer = 0; layer < manifest.NumLayers; layer++)
            {
                keys[layer] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, shape);
                values[layer] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, shape);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Positions the buffers hold.</summary>
    public int Capacity { get; }

    /// <summary>Tokens already in the cache (the past length).</summary>
    public int Length { get; set; }

    public OrtValue Key(int layer) => keys[layer];

    public OrtValue Value(int layer) => values[layer];

    public int Layers => keys.Length;

    public void Dispose()
    {
        foreach (var value in keys.Concat(values))
        {
            value?.Dispose();
        }
    }
}
