using Maria.Runtime.Devices;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Runtime.Inference;

/// <summary>Creates ONNX Runtime sessions with the execution provider and threading the options ask for.</summary>
internal static class SessionFactory
{
    /// <summary>A session on <paramref name="modelPath"/> configured by <paramref name="options"/>.</summary>
    /// <param name="modelPath">The graph file.</param>
    /// <param name="options">Device, threads and profiling.</param>
    /// <param name="role">encoder or decoder: names the graph's profile file.</param>
    public static InferenceSession Create(string modelPath, MariaModelOptions options, string role)
    {
        try
        {
            // An explicit thread count is this model's own, and so is a profiled model's pool: ONNX Runtime's profiler
            // also records the thread pool, and on the process-wide pool other sessions' runs break its bookkeeping
            // (it aborts the process: "LogStart must pair with LogEnd").
            if (options.EffectiveIntraOpThreads > 0 || options.ProfileDirectory is not null)
            {
                // The session keeps what it needs of its options; they are disposed as on the shared-pool path.
                using var own = CreateOptions(options, sharedPool: false, role);
                return new InferenceSession(modelPath, own);
            }
            return SharedThreadPool.CreateSession(modelPath, sharedPool => CreateOptions(options, sharedPool, role));
        }
        catch (OnnxRuntimeException e)
        {
            throw new MariaInputException($"{modelPath}: ONNX Runtime cannot load this graph ({OneLine(e.Message)}); run 'maria verify --model' on the package or export it again", e);
        }
    }

    private static SessionOptions CreateOptions(MariaModelOptions options, bool sharedPool, string role)
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
            if (options.ProfileDirectory is { } profileDirectory)
            {
                Directory.CreateDirectory(profileDirectory);
                // The prefix is read when profiling is switched on, so it is set first; ONNX Runtime appends _DATE.json.
                sessionOptions.ProfileOutputPathPrefix = Path.Combine(profileDirectory, role);
                sessionOptions.EnableProfiling = true;
            }
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
        else if (options.EffectiveIntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.EffectiveIntraOpThreads;
        }
        // Desktop apps: idle threads should sleep, not spin, between calls.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        if (options.Device == ExecutionDevice.Cuda)
        {
            AppendCuda(sessionOptions, options.CudaDeviceId);
        }
    }

    /// <summary>True when CUDA really works in this process: a probe graph ran on it (see <see cref="DeviceProbe"/>).</summary>
    public static bool CudaAvailable() => DeviceProbe.Check(ExecutionDevice.Cuda, 0).Usable;

    private static void AppendCuda(SessionOptions sessionOptions, int deviceId)
    {
        // A listed provider may still lack its CUDA libraries: try it on a tiny graph first, for a one-line reason.
        DeviceProbe.Require(ExecutionDevice.Cuda, deviceId);
        sessionOptions.AppendExecutionProvider_CUDA(deviceId);
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
