using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Maria.Runtime.Inference;

/// <summary>
/// The KV cache of one decode: per layer a key and a value buffer [slots, kv_heads, capacity, head_dim] in native
/// memory (host memory, or the provider's device memory through <see cref="CacheMemory"/>), bound as both the past input and the present output of every decoder call, so the graph writes new rows in
/// place (no per-step copies of the cache, no growing concatenation). Each slot holds one text's stream and its own
/// length. The capacity starts at what the texts need now and grows in steps (<see cref="EnsureCapacity"/>): the
/// graph reads the whole buffer, so a cache sized to the context would cost a full context of reads per step.
/// Calls bind only the first k slots (a contiguous prefix), so a batch with fewer active texts pays only for those.
/// Owned by one decode; not thread-safe.
/// </summary>
internal sealed unsafe class KeyValueCache : IDisposable
{
    /// <summary>
    /// Capacities are multiples of this many slots. Besides bounding reallocations, this keeps a text's answers
    /// independent of the capacity: the attention sums over the whole buffer, and with the buffer a whole number of
    /// these blocks, the blocked float sums of ONNX Runtime's Softmax and MatMul group the real entries the same way
    /// whatever the capacity (the extra blocks only add exact zeros). Other capacities moved logits by an ulp, which
    /// int8 activation quantisation turned into different greedy choices between batch sizes.
    /// </summary>
    public const int GrowthStep = 64;

    /// <summary><paramref name="slots"/> rounded up to a multiple of <see cref="GrowthStep"/>.</summary>
    public static int RoundUp(int slots) => (slots + GrowthStep - 1) / GrowthStep * GrowthStep;

    private readonly int layers;
    private readonly int kvHeads;
    private readonly int headDim;
    private readonly int[] lengths;
    private float*[] keys;
    private float*[] values;
    private readonly CacheMemory memory;
    private bool disposed;

    /// <param name="layers">Decoder layers.</param>
    /// <param name="kvHeads">Key/value heads.</param>
    /// <param name="headDim">Width of one head.</param>
    /// <param name="slots">Texts the cache holds at once (the batch size).</param>
    /// <param name="capacity">Initial slots per text, scratch slot included.</param>
    /// <param name="maxCapacity">The most it may grow to: the context length + 1 (the scratch slot).</param>
    /// <param name="memory">Where the buffers live (host memory by default; device memory on the CUDA path).</param>
    public KeyValueCache(int layers, int kvHeads, int headDim, int slots, int capacity, int maxCapacity, CacheMemory? memory = null)
    {
        this.memory = memory ?? CacheMemory.Host;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slots);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, maxCapacity);
        this.layers = layers;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        Slots = slots;
        MaxCapacity = maxCapacity;
        lengths = new int[slots];
        keys = new float*[layers];
        values = new float*[layers];
        Allocate(capacity, keys, values);
        Capacity = capacity;
    }

    /// <summary>Texts the cache holds at once.</summary>
    public int Slots { get; }

    /// <summary>Slots per text, the last one scratch: real positions are below <c>Capacity - 1</c>.</summary>
    public int Capacity { get; private set; }

    /// <summary>The largest capacity allowed.</summary>
    public int MaxCapacity { get; }

    /// <summary>Decoder layers.</summary>
    public int Layers => layers;

    /// <summary>Tokens already cached for <paramref name="slot"/> (its past length).</summary>
    public int Length(int slot) => lengths[slot];

    /// <summary>Records that a call appended <paramref name="count"/> tokens to <paramref name="slot"/>.</summary>
    public void Advance(int slot, int count)
    {
        if (lengths[slot] + count > Capacity - 1)
        {
            throw new InvalidOperationException($"slot {slot}: {lengths[slot]} + {count} tokens exceed the cache capacity {Capacity - 1}");
        }
        lengths[slot] += count;
    }

    /// <summary>Empties <paramref name="slot"/> for a new text (its old rows become invisible: the mask hides them).</summary>
    public void Reset(int slot) => lengths[slot] = 0;

    /// <summary>
    /// Resizes every buffer so that positions below <paramref name="needed"/> - 1 are real slots (plus scratch): grows
    /// when they do not fit, and shrinks when the longest text held now needs less than half the buffer (after the
    /// long texts of a batch have left), so the whole-buffer reads of the graph follow what the batch holds.
    /// </summary>
    public void EnsureCapacity(int needed)
    {
        if (needed > MaxCapacity)
        {
            throw new InvalidOperationException($"a stream of {needed - 1} tokens exceeds the decoder's context ({MaxCapacity - 1})");
        }
        int held = lengths.Max() + 1;
        int target = Math.Max(needed, held);
        if (target <= Capacity && 2 * (target + GrowthStep) > Capacity)
        {
            return;
        }
        int grown = Math.Min(MaxCapacity, RoundUp(target));
        if (grown == Capacity)
        {
            return;
        }
        var newKeys = new float*[layers];
        var newValues = new float*[layers];
        Allocate(grown, newKeys, newValues);
        // Only each slot's cached rows move: the rest of the new buffer is zeros, as a fresh cache's (the mask hides
        // those rows either way), and slots without a text are never written, so their pages never become resident.
        for (int layer = 0; layer < layers; layer++)
        {
            for (int slot = 0; slot < Slots; slot++)
            {
                long rowFloats = (long)lengths[slot] * headDim;
                for (int head = 0; head < kvHeads; head++)
                {
                    long block = (long)slot * kvHeads + head;
                    memory.Copy(keys[layer] + block * Capacity * headDim, newKeys[layer] + block * grown * headDim, rowFloats);
                    memory.Copy(values[layer] + block * Capacity * headDim, newValues[layer] + block * grown * headDim, rowFloats);
                }
            }
        }
        Free(keys, values);
        keys = newKeys;
        values = newValues;
        Capacity = grown;
    }

    /// <summary>Moves the text in slot <paramref name="from"/> to the empty slot <paramref name="to"/> (its cached rows and length).</summary>
    public void Move(int from, int to)
    {
        long block = (long)Capacity * headDim;
        long floats = (long)lengths[from] * headDim;
        for (int layer = 0; layer < layers; layer++)
        {
            for (int head = 0; head < kvHeads; head++)
            {
                long source = ((long)from * kvHeads + head) * block;
                long target = ((long)to * kvHeads + head) * block;
                memory.Copy(keys[layer] + source, keys[layer] + target, floats);
                memory.Copy(values[layer] + source, values[layer] + target, floats);
            }
        }
        lengths[to] = lengths[from];
        lengths[from] = 0;
    }

    /// <summary>An ONNX Runtime view [slots, kv_heads, capacity, head_dim] of the first <paramref name="slots"/> slots of a layer's keys.</summary>
    public OrtValue KeyView(int layer, int slots) => View(keys[layer], slots);

    /// <summary>The values counterpart of <see cref="KeyView"/>.</summary>
    public OrtValue ValueView(int layer, int slots) => View(values[layer], slots);

    /// <summary>Copies one cached row (layer, slot, head, position) for tests: [head_dim].</summary>
    public float[] ReadKey(int layer, int slot, int head, int position)
    {
        var row = new float[headDim];
        memory.Read(keys[layer] + (((long)slot * kvHeads + head) * Capacity + position) * headDim, row);
        return row;
    }

    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            Free(keys, values);
        }
    }

    private OrtValue View(float* buffer, int slots)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        long[] shape = [slots, kvHeads, Capacity, headDim];
        long bytes = (long)slots * kvHeads * Capacity * headDim * sizeof(float);
        return OrtValue.CreateTensorValueWithData(memory.Info, TensorElementType.Float, shape, (nint)buffer, bytes);
    }

    private void Allocate(int capacity, float*[] keyBuffers, float*[] valueBuffers)
    {
        // Zeroed: rows the mask hides get probability exactly 0, and 0 x (stale garbage) must not be NaN.
        long floats = (long)Slots * kvHeads * capacity * headDim;
        for (int layer = 0; layer < layers; layer++)
        {
            keyBuffers[layer] = memory.Allocate(floats);
            valueBuffers[layer] = memory.Allocate(floats);
        }
    }

    private void Free(float*[] keyBuffers, float*[] valueBuffers)
    {
        for (int layer = 0; layer < layers; layer++)
        {
            memory.Free(keyBuffers[layer]);
            memory.Free(valueBuffers[layer]);
            keyBuffers[layer] = null;
            valueBuffers[layer] = null;
        }
    }
}
