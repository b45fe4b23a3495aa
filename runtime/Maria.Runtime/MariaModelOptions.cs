namespace Maria.Runtime;

/// <summary>Where the graphs run.</summary>
public enum ExecutionDevice
{
    /// <summary>ONNX Runtime's CPU kernels (always available).</summary>
    Cpu,

    /// <summary>
    /// NVIDIA GPU through ONNX Runtime's CUDA execution provider; needs an app that ships a GPU build of ONNX Runtime
    /// (the Microsoft.ML.OnnxRuntime.Gpu package) instead of the CPU one.
    /// </summary>
    Cuda,
}

/// <summary>How a package is loaded.</summary>
/// <param name="Device">Where the graphs run; CPU by default.</param>
/// <param name="IntraOpThreads">Threads one graph run may use; 0 lets ONNX Runtime choose (one per core).</param>
/// <param name="VerifyHashes">Check every file's sha256 against the manifest at load (sizes are always checked).</param>
/// <param name="CudaDeviceId">GPU ordinal when <paramref name="Device"/> is CUDA.</param>
public sealed record MariaModelOptions(ExecutionDevice Device = ExecutionDevice.Cpu, int IntraOpThreads = 0, bool VerifyHashes = true, int CudaDeviceId = 0)
{
    /// <summary>CPU, default threads, hashes verified.</summary>
    public static MariaModelOptions Default { get; } = new();
}
