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

    /// <summary>
    /// The same call through OrtIoBinding, for values that live in device memory (the CUDA path's KV cache): each
    /// value stays where it is (host inputs are copied to the device, host outputs such as the logits are copied back),
    /// and the bound outputs are synchronised before returning.
    /// </summary>
    public static void RunBound(InferenceSession session, IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputs,
        IReadOnlyList<string> outputNames, IReadOnlyList<OrtValue> outputs, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var registration = cancellation.CanBeCanceled ? cancellation.Register(() => runOptions.Terminate = true) : default;
        using var binding = session.CreateIoBinding();
        for (int i = 0; i < inputNames.Count; i++)
        {
            binding.BindInput(inputNames[i], inputs[i]);
        }
        for (int i = 0; i < outputNames.Count; i++)
        {
            binding.BindOutput(outputNames[i], outputs[i]);
        }
        try
        {
            binding.SynchronizeBoundInputs();
            session.RunWithBinding(runOptions, binding);
            binding.SynchronizeBoundOutputs();
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
