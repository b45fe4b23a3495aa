using Microsoft.ML.OnnxRuntime;

namespace Maria.Runtime.Inference;

/// <summary>Creates ONNX Runtime sessions with the execution provider and threading the options ask for.</summary>
internal static class SessionFactory
{
    private const string CudaProvider = "CUDAExecutionProvider";
    private const string GpuPackageAdvice = "reference the Microsoft.ML.OnnxRuntime.Gpu package (Linux: Microsoft.ML.OnnxRuntime.Gpu.Linux) instead of Microsoft.ML.OnnxRuntime";

    public static InferenceSession Create(string modelPath, MariaModelOptions options)
    {
        try
        {
            // An explicit thread count is this model's own: only then does a session get a pool of its own.
            return options.IntraOpThreads > 0
                ? new InferenceSession(modelPath, CreateOptions(options, sharedPool: false))
                : SharedThreadPool.CreateSession(modelPath, sharedPool => CreateOptions(options, sharedPool));
        }
        catch (OnnxRuntimeException e)
        {
            throw new MariaInputException($"{modelPath}: ONNX Runtime cannot load this graph ({OneLine(e.Message)}); run 'maria verify --model' on the package or export it again", e);
        }
    }

    private static SessionOptions CreateOptions(MariaModelOptions options, bool sharedPool)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            // Sequence lengths vary from call to call: memory patterns would be recomputed every time.
            EnableMemoryPattern = false,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        try
        {
            Configure(sessionOptions, options, sharedPool);
            return sessionOptions;
        }
        catch
        {
            sessionOptions.Dispose();
            throw;
        }
    }

    private static void Configure(SessionOptions sessionOptions, MariaModelOptions options, bool sharedPool)
    {
        if (sharedPool)
        {
            sessionOptions.DisablePerSessionThreads();
        }
        else if (options.IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
        }
        // Desktop apps: idle threads should sleep, not spin, between calls.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        if (options.Device == ExecutionDevice.Cuda)
        {
            AppendCuda(sessionOptions, options.CudaDeviceId);
        }
    }

    /// <summary>True when the loaded ONNX Runtime native build offers the CUDA execution provider.</summary>
    public static bool CudaAvailable()
    {
        try
        {
            // The environment this asks for is the one with the shared pool (created once, first caller wins).
            SharedThreadPool.EnsureEnvironment();
            return OrtEnv.Instance().GetAvailableProviders().Contains(CudaProvider, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or OnnxRuntimeException or TypeInitializationException)
        {
            return false;
        }
    }

    private static void AppendCuda(SessionOptions sessionOptions, int deviceId)
    {
        if (!CudaAvailable())
        {
            throw new MariaInputException($"CUDA was requested but this ONNX Runtime build has no {CudaProvider}; {GpuPackageAdvice}, or use the CPU");
        }
        try
        {
            sessionOptions.AppendExecutionProvider_CUDA(deviceId);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException or OnnxRuntimeException)
        {
            throw new MariaInputException($"CUDA could not be initialised ({OneLine(e.Message)}); check the NVIDIA driver and CUDA/cuDNN libraries, {GpuPackageAdvice}", e);
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
