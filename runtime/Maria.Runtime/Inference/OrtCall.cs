using Microsoft.ML.OnnxRuntime;

namespace Maria.Runtime.Inference;

/// <summary>
/// Runs a session with cancellation inside the call: the token flips <see cref="RunOptions.Terminate"/>, which
/// makes ONNX Runtime abandon a long run (a big prefill) between kernels.
/// </summary>
internal static class OrtCall
{
    public static void Run(InferenceSession session, IReadOnlyCollection<string> inputNames, IReadOnlyCollection<OrtValue> inputs,
        IReadOnlyCollection<string> outputNames, IReadOnlyCollection<OrtValue> outputs, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var registration = cancellation.CanBeCanceled ? cancellation.Register(() => runOptions.Terminate = true) : default;
        try
        {
            session.Run(runOptions, inputNames, inputs, outputNames, outputs);
        }
        catch (OnnxRuntimeException) when (cancellation.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellation);
        }
    }

    public static IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, IReadOnlyCollection<string> inputNames,
        IReadOnlyCollection<OrtValue> inputs, IReadOnlyCollection<string> outputNames, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var registration = cancellation.CanBeCanceled ? cancellation.Register(() => runOptions.Terminate = true) : default;
        try
        {
            return session.Run(runOptions, inputNames, inputs, outputNames);
        }
        catch (OnnxRuntimeException) when (cancellation.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellation);
        }
    }
}
