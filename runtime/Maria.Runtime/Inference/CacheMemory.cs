using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Runtime.Inference;

/// <summary>
/// Where a <see cref="KeyValueCache"/> keeps its buffers and how it copies rows between them: host memory
/// (<see cref="Host"/>, the CPU path) or device memory (<see cref="DeviceCacheMemory"/>, the CUDA path, where a step
/// then copies only its logits back). Pointers are opaque to the cache: it never dereferences them itself.
/// </summary>
internal abstract unsafe class CacheMemory : IDisposable
{
    /// <summary>Process memory through NativeMemory, read and written directly.</summary>
    public static CacheMemory Host { get; } = new HostCacheMemory();

    /// <summary>
    /// Host memory on the CPU; on CUDA, device memory of the options' GPU allocated through the decoder session, so
    /// that the KV cache never leaves the GPU.
    /// </summary>
    public static CacheMemory For(InferenceSession decoder, MariaModelOptions options)
    {
        if (options.Device != ExecutionDevice.Cuda)
        {
            return Host;
        }
        var info = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, options.CudaDeviceId, OrtMemType.Default);
        using var copyOptions = new SessionOptions();
        copyOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
        return new DeviceCacheMemory(info, decoder, copyOptions);
    }

    /// <summary>Where the buffers live, for the tensors that view them.</summary>
    public abstract OrtMemoryInfo Info { get; }

    /// <summary>True when decoder calls must bind through OrtIoBinding (the buffers are not host memory).</summary>
    public abstract bool IsDevice { get; }

    /// <summary>A zeroed buffer of <paramref name="floats"/> floats (masked rows must hold 0, never NaN garbage).</summary>
    public abstract float* Allocate(long floats);

    public abstract void Free(float* buffer);

    /// <summary>Copies <paramref name="floats"/> floats; the ranges do not overlap.</summary>
    public abstract void Copy(float* source, float* target, long floats);

    /// <summary>Copies a range into host memory (tests and checks read rows back).</summary>
    public abstract void Read(float* source, Span<float> target);

    public virtual void Dispose()
    {
    }

    private sealed class HostCacheMemory : CacheMemory
    {
        public override OrtMemoryInfo Info => OrtMemoryInfo.DefaultInstance;

        public override bool IsDevice => false;

        /// <summary>
        /// calloc, not alloc + clear: a large calloc is fresh zero pages from the kernel that become resident only when
        /// written, so the slots of a cache that no text uses yet (a batch of 8 slots filling one text) and the rows
        /// beyond each text's length cost address space, not memory. Clearing them wrote every page: a 7B decoder's
        /// cache for 8 slots of 576 positions is 4.5 GiB, of which one text uses an eighth.
        /// </summary>
        public override float* Allocate(long floats) => (float*)NativeMemory.AllocZeroed((nuint)floats, sizeof(float));

        public override void Free(float* buffer) => NativeMemory.Free(buffer);

        public override void Copy(float* source, float* target, long floats) =>
            Buffer.MemoryCopy(source, target, floats * sizeof(float), floats * sizeof(float));

        public override void Read(float* source, Span<float> target) => new ReadOnlySpan<float>(source, target.Length).CopyTo(target);

        public override void Dispose()
        {
            // Shared by every host cache: nothing to release.
        }
    }
}
