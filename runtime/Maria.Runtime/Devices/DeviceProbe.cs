using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Runtime.Devices;

/// <summary>
/// Tries a device for real: a tiny session (<see cref="ProbeGraph"/>) on its execution provider, run once. ONNX
/// Runtime's GPU build lists CUDAExecutionProvider whether or not the CUDA libraries it loads are installed, so
/// "listed" is not "usable"; the loader's failure is turned into one line naming the missing library and the fix.
/// </summary>
internal static partial class DeviceProbe
{
    public const string CudaProvider = "CUDAExecutionProvider";

    /// <summary>What the CPU build lacks, and the switch that builds with CUDA.</summary>
    public const string CpuBuildAdvice = "build with -p:OnnxRuntimeFlavor=Cuda (Microsoft.ML.OnnxRuntime.Gpu.Linux 1.32.0 instead of Microsoft.ML.OnnxRuntime), or use --device cpu";

    /// <summary>Runs the probe graph on <paramref name="device"/>; never throws for an unusable device.</summary>
    public static DeviceCheck Check(ExecutionDevice device, int cudaDeviceId)
    {
        // The probe must not be what creates ONNX Runtime's environment without the shared thread pool.
        Inference.SharedThreadPool.EnsureEnvironment();
        if (device == ExecutionDevice.Cuda && !ProviderCompiledIn(CudaProvider))
        {
            return new DeviceCheck(device, false, $"CUDA was requested but this ONNX Runtime build has no {CudaProvider}; {CpuBuildAdvice}");
        }
        // Load the provider library ourselves first: the dynamic loader names what is missing (ONNX Runtime's own
        // exception does not, and it would log the failure on stderr).
        if (device == ExecutionDevice.Cuda && ProviderLibraryLoadError() is { } loaderError)
        {
            return new DeviceCheck(device, false, ExplainCudaFailure(loaderError, cudaDeviceId));
        }
        try
        {
            using var options = new SessionOptions();
            if (device == ExecutionDevice.Cuda)
            {
                options.AppendExecutionProvider_CUDA(cudaDeviceId);
            }
            using var session = new InferenceSession(ProbeGraph.Bytes, options);
            using var input = OrtValue.CreateTensorValueFromMemory(new[] { 1.5f }, [1]);
            using var results = session.Run(new RunOptions(), [ProbeGraph.Input], [input], [ProbeGraph.Output]);
            float sum = results[0].GetTensorDataAsSpan<float>()[0];
            return sum == 3f
                ? new DeviceCheck(device, true, device == ExecutionDevice.Cuda
                    ? string.Create(CultureInfo.InvariantCulture, $"CUDA device {cudaDeviceId}: a probe graph ran on {CudaProvider}")
                    : "CPU: a probe graph ran on CPUExecutionProvider")
                : new DeviceCheck(device, false, string.Create(CultureInfo.InvariantCulture, $"{device}: the probe graph computed 1.5 + 1.5 = {sum}; the device or its driver is faulty"));
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException or TypeInitializationException)
        {
            return new DeviceCheck(device, false, device == ExecutionDevice.Cuda
                ? ExplainCudaFailure(e.Message, cudaDeviceId)
                : $"CPU: ONNX Runtime cannot run a probe graph ({OneLine(e.Message)}); reinstall the application");
        }
    }

    /// <summary>Throws <see cref="MariaInputException"/> with the probe's line unless the device is usable.</summary>
    public static void Require(ExecutionDevice device, int cudaDeviceId)
    {
        var check = Check(device, cudaDeviceId);
        if (!check.Usable)
        {
            throw new MariaInputException(check.Detail);
        }
    }

    /// <summary>The execution providers compiled into the loaded ONNX Runtime native library (empty when it does not load).</summary>
    public static IReadOnlyList<string> CompiledInProviders()
    {
        try
        {
            Inference.SharedThreadPool.EnsureEnvironment();
            return OrtEnv.Instance().GetAvailableProviders();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or OnnxRuntimeException or TypeInitializationException)
        {
            return [];
        }
    }

    /// <summary>
    /// One line for a CUDA provider that did not load or run. The dynamic loader's own words name the first missing
    /// library ("libcublasLt.so.13: cannot open shared object file"); anything else is a driver or device problem.
    /// </summary>
    internal static string ExplainCudaFailure(string message, int cudaDeviceId)
    {
        var missing = MissingLibrary().Match(message);
        return missing.Success
            ? $"{missing.Groups[1].Value} not found: install the CUDA 13 runtime and cuDNN 9, or use --device cpu"
            : string.Create(CultureInfo.InvariantCulture,
                $"CUDA device {cudaDeviceId} could not run a probe graph ({OneLine(message)}); check the NVIDIA driver (nvidia-smi) and the device id, or use --device cpu");
    }

    /// <summary>
    /// The dynamic loader's message when the CUDA provider library beside libonnxruntime.so does not load (a CUDA
    /// library it needs is missing), or null when it loads or is not where the NuGet package puts it.
    /// </summary>
    private static string? ProviderLibraryLoadError()
    {
        string[] folders = [AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native")];
        string? provider = folders.Select(folder => Path.Combine(folder, CudaProviderLibrary)).FirstOrDefault(File.Exists);
        if (provider is null)
        {
            return null;
        }
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(provider));
            return null;
        }
        catch (DllNotFoundException e)
        {
            return e.Message;
        }
    }

    private const string CudaProviderLibrary = "libonnxruntime_providers_cuda.so";

    private static bool ProviderCompiledIn(string provider) => CompiledInProviders().Contains(provider, StringComparer.Ordinal);

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    [GeneratedRegex(@"(lib[^\s:]+): cannot open shared object file")]
    private static partial Regex MissingLibrary();
}
