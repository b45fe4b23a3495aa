using Microsoft.ML.OnnxRuntime;

namespace Maria.Runtime.Inference;

/// <summary>
/// One ONNX Runtime intra-op thread pool for every session of the process (the encoder and decoder of each model, and
/// every model an app loads), instead of a pool per session: a desktop app with two models would otherwise own four
/// pools of one thread per core. ONNX Runtime holds that pool in its process-wide environment, which can be created
/// with global pools only before anything else creates it; when something already has (an app's own
/// <c>OrtEnv.Instance()</c>, another library), the sessions fall back to pools of their own.
/// </summary>
internal static class SharedThreadPool
{
    /// <summary>Serialises the one-time creation of ONNX Runtime's environment (a lock object, no state).</summary>
    private static readonly object Creation = new();

    /// <summary>Creates ONNX Runtime's environment with the global pool unless it exists already.</summary>
    public static void EnsureEnvironment()
    {
        lock (Creation)
        {
            if (OrtEnv.IsCreated)
            {
                return;
            }
            // Threads sleep between calls instead of spinning (an app's idle CPU), as the per-session pools did. The pool's
            // size must be given: left at 0, ONNX Runtime's global pool ran every graph on one thread (a 1B int4 package
            // at 0.23-0.27 records/s against 0.32-0.42; docs/BENCHMARKS.md), where a per-session pool takes one per core.
            using var threading = new OrtThreadingOptions
            {
                GlobalSpinControl = false,
                GlobalInterOpNumThreads = 1,
                GlobalIntraOpNumThreads = Environment.ProcessorCount,
            };
            var environment = new EnvironmentCreationOptions { threadOptions = threading, logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING };
            OrtEnv.CreateInstanceWithOptions(ref environment);
        }
    }

    /// <summary>
    /// Creates a session on the global pool; when the environment has none (it was created elsewhere first), ONNX
    /// Runtime refuses that and the session gets its own pool.
    /// </summary>
    public static InferenceSession CreateSession(string modelPath, Func<bool, SessionOptions> options)
    {
        EnsureEnvironment();
        using (var shared = options(true))
        {
            try
            {
                return new InferenceSession(modelPath, shared);
            }
            catch (OnnxRuntimeException e) when (e.Message.Contains("per session threadpools", StringComparison.OrdinalIgnoreCase)
                || e.Message.Contains("global thread pool", StringComparison.OrdinalIgnoreCase))
            {
                // Falls through to a session with its own pool.
            }
        }
        using var own = options(false);
        return new InferenceSession(modelPath, own);
    }
}
