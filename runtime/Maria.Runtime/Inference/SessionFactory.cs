using Maria.Runtime.Devices;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Runtime.Inference;

/// <summary>Creates ONNX Runtime sessions with the execution provider and threading the options ask for.</summary>
internal static class SessionFactory
{
    public static InferenceSession Create(string modelPath, MariaModelOptions options)
    {
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            // Sequence lengths vary from call to call: memory patterns would be recomputed every time.
            EnableMemoryPattern = false,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (options.IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
        }
        // Desktop apps: idle threads should sleep, not spin, between calls.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        if (options.Device == ExecutionDevice.Cuda)
        {
            AppendCuda(sessionOptions, options.CudaDeviceId);
        }
        try
        {
            return new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new MariaInputException($"{modelPath}: ONNX Runtime cannot load this graph ({OneLine(e.Message)}); run 'maria verify --model' on the package or export it again", e);
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
