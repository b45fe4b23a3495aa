using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Maria.Runtime.Devices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Maria.Runtime.Inference;

/// <summary>
/// KV-cache buffers in an execution provider's memory (CUDA device memory on the GPU path), allocated through ONNX
/// Runtime's allocator for that memory. ONNX Runtime's managed API has no device-to-device copy for the built-in CUDA
/// provider (OrtEnv.CopyTensors needs a plugin provider's data transfer), so rows move by running a one-node Identity
/// graph (<see cref="ProbeGraph.CopyBytes"/>) on the same provider with both ends bound in device memory; zeroing and
/// reading back bind a host tensor on one side, and ONNX Runtime copies across. On the CPU (tests) the same code runs
/// with ONNX Runtime's CPU allocator, which is how this path is checked without a GPU.
/// </summary>
internal sealed unsafe class DeviceCacheMemory : CacheMemory
{
    /// <summary>Zeroes are copied in from a host buffer of at most this many floats at a time.</summary>
    private const int ZeroChunk = 1 << 16;

    private readonly OrtAllocator allocator;
    private readonly InferenceSession copySession;
    private readonly Dictionary<nint, OrtValue> buffers = [];
    private readonly float[] zeros = new float[ZeroChunk];

    /// <param name="info">The memory to allocate in (e.g. CUDA device 0).</param>
    /// <param name="allocatorSession">A session on the provider that owns that memory (its allocator is used).</param>
    /// <param name="copyOptions">Session options with the same provider, for the copy graph.</param>
    public DeviceCacheMemory(OrtMemoryInfo info, InferenceSession allocatorSession, SessionOptions copyOptions)
    {
        Info = info;
        allocator = new OrtAllocator(allocatorSession, info);
        copySession = new InferenceSession(ProbeGraph.CopyBytes, copyOptions);
    }

    public override OrtMemoryInfo Info { get; }

    public override bool IsDevice => true;

    public override float* Allocate(long floats)
    {
        var value = OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.Float, [floats]);
        // The raw span only carries the device address here; it is never read on the host.
        var buffer = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(value.GetTensorMutableRawData()));
        lock (buffers)
        {
            buffers.Add((nint)buffer, value);
        }
        for (long done = 0; done < floats; done += ZeroChunk)
        {
            int count = (int)Math.Min(ZeroChunk, floats - done);
            Run(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, zeros.AsMemory(0, count), [count]), View(buffer + done, count));
        }
        return buffer;
    }

    public override void Free(float* buffer)
    {
        OrtValue? value;
        lock (buffers)
        {
            buffers.Remove((nint)buffer, out value);
        }
        value?.Dispose();
    }

    public override void Copy(float* source, float* target, long floats)
    {
        if (floats > 0)
        {
            Run(View(source, floats), View(target, floats));
        }
    }

    public override void Read(float* source, Span<float> target)
    {
        var host = new float[target.Length];
        using (var output = OrtValue.CreateTensorValueFromMemory(host, [host.Length]))
        {
            Run(View(source, host.Length), output, disposeTarget: false);
        }
        host.CopyTo(target);
    }

    public override void Dispose()
    {
        lock (buffers)
        {
            foreach (var value in buffers.Values)
            {
                value.Dispose();
            }
            buffers.Clear();
        }
        copySession.Dispose();
        allocator.Dispose();
    }

    private OrtValue View(float* buffer, long floats) =>
        OrtValue.CreateTensorValueWithData(Info, TensorElementType.Float, [floats], (nint)buffer, floats * sizeof(float));

    /// <summary>target = Identity(source), both bound where they live; disposes the views.</summary>
    private void Run(OrtValue source, OrtValue target, bool disposeTarget = true)
    {
        try
        {
            using var binding = copySession.CreateIoBinding();
            binding.BindInput(ProbeGraph.Input, source);
            binding.BindOutput(ProbeGraph.Output, target);
            using var options = new RunOptions();
            binding.SynchronizeBoundInputs();
            copySession.RunWithBinding(options, binding);
            binding.SynchronizeBoundOutputs();
        }
        finally
        {
            source.Dispose();
            if (disposeTarget)
            {
                target.Dispose();
            }
        }
    }
}
